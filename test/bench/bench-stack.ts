import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Queue } from 'bullmq';
import { inviteCandidate } from '../../core/assessments/manage-assessments';
import { insertAssessment } from '../../core/assessments/assessment-repository';
import { findPublishedChallenge } from '../../core/challenges/challenge-repository';
import { getConfig } from '../../core/platform/config';
import { createDb, type Db } from '../../core/platform/db';
import { loadBundledChallenges } from '../../core/challenges/load-bundled-challenges';
import { migrate } from '../../core/platform/migrate';
import { createRedis } from '../../core/submissions/submission-queue';
import { BENCH_QUALITY, procStat, rssMb } from './bench-util';

const ROOT = path.resolve(__dirname, '..', '..');

export interface BenchStack {
  apiUrl: string;
  /** An assessment of `slug` with `count` invited candidates; their token secrets. */
  inviteCandidates(slug: string, count: number): Promise<string[]>;
  /** Removes never-judged submissions (the warm-up's) from the queue and the database. */
  discard(ids: string[]): Promise<void>;
  /** Starts worker processes and waits until every id has a final verdict; returns how many have one. */
  judgeAll(ids: string[], timeoutMs?: number): Promise<number>;
  apiRssMb(): number;
  apiPids(): number[];
  workerPids(): number[];
  close(): Promise<void>;
}

function startProcess(entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean), '--import', 'tsx', entry], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  return child;
}

/** The pids whose parent is `pid` (an API primary's cluster processes). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
    try {
      return Number(procStat(p).fields[1]) === pid;
    } catch {
      return false;
    }
  }).map(Number);
}

async function waitHealthy(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`API at ${url} did not become healthy`);
}

/** An assessment of `slug` with `count` invited candidates, straight in the database; their token secrets. */
async function inviteBenchCandidates(db: Db, slug: string, count: number): Promise<string[]> {
  const admin = { tokenId: null, role: 'admin' as const, name: 'bench', expiresAt: null };
  const challenge = (await findPublishedChallenge(db, slug))!;
  const assessment = await insertAssessment(db, {
    name: `bench ${slug}`, createdBy: null, opensAt: null, closesAt: null, durationMinutes: null, callbackUrl: null, webhookSecret: null,
    challenges: [{ slug, challengeId: challenge.id }],
  });
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const { token } = await inviteCandidate(db, admin, assessment, { name: `Candidate ${i}`, email: `c${i}@bench.example` });
    tokens.push(token.secret);
  }
  return tokens;
}

/**
 * The judge as production runs it, on a fresh schema and queue: API process(es) and, on demand, worker processes,
 * each its own Node process, so a benchmark client in this process does not share their event loop.
 */
export async function startBenchStack(options: { apiProcesses?: number; workerProcesses?: number } = {}): Promise<BenchStack> {
  const suffix = randomBytes(4).toString('hex');
  const base = getConfig();
  const env = {
    DB_SCHEMA: `bench_${suffix}`, QUEUE_NAME: `bench-${suffix}`, JUDGE_ADMIN_TOKEN: `bench-admin-${randomBytes(16).toString('hex')}`,
    LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(20_000 + Math.floor(Math.random() * 20_000)),
    API_PROCESSES: String(options.apiProcesses ?? 1), QUALITY_ENABLED: String(BENCH_QUALITY),
  };
  await migrate(base.DATABASE_URL, env.DB_SCHEMA);
  const db = createDb(base.DATABASE_URL, env.DB_SCHEMA);
  await loadBundledChallenges(db);
  const processes: ChildProcess[] = [startProcess('api/main.ts', env)];
  const apiUrl = `http://127.0.0.1:${env.PORT}`;
  await waitHealthy(apiUrl);

  return {
    apiUrl,
    inviteCandidates: (slug, count) => inviteBenchCandidates(db, slug, count),
    async discard(ids) {
      const redis = createRedis(base.REDIS_URL, { maxRetriesPerRequest: 1 });
      const queue = new Queue(env.QUEUE_NAME, { connection: redis });
      for (const id of ids) await queue.remove(id);
      await queue.close();
      redis.disconnect();
      await db.query('DELETE FROM submissions WHERE id = ANY($1::uuid[]) AND status = $2', [ids, 'queued']);
    },
    async judgeAll(ids, timeoutMs = 4 * 3_600_000) {
      for (let i = 0; i < (options.workerProcesses ?? 1); i++) processes.push(startProcess('worker/main.ts', env));
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM submissions WHERE id = ANY($1::uuid[]) AND status = 'finished'`, [ids]);
        if (rows[0]!.n === ids.length || Date.now() > deadline) return rows[0]!.n;
        await new Promise((r) => setTimeout(r, 500));
      }
    },
    apiRssMb: () => [processes[0]!.pid!, ...childrenOf(processes[0]!.pid!)].reduce((sum, pid) => sum + rssMb(pid), 0),
    apiPids: () => [processes[0]!.pid!, ...childrenOf(processes[0]!.pid!)],
    workerPids: () => processes.slice(1).map((p) => p.pid!),
    async close() {
      await Promise.all(processes.map((p) => new Promise((done) => {
        if (p.exitCode !== null) return done(undefined);
        p.once('exit', done);
        p.kill('SIGTERM');
      })));
      const redis = createRedis(base.REDIS_URL, { maxRetriesPerRequest: 1 });
      const queue = new Queue(env.QUEUE_NAME, { connection: redis });
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      redis.disconnect();
      await db.query(`DROP SCHEMA "${env.DB_SCHEMA}" CASCADE`);
      await db.end();
    },
  };
}
