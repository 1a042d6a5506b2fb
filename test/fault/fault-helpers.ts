import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readTree } from '../../core/platform/read-tree';
import { CHALLENGES_DIR } from '../../core/challenges/load-bundled-challenges';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { CONFIG_VARIABLES, getConfig, type Config } from '../../core/platform/config';
import { ensureDocker } from '../../scripts/services/docker-engine';
import { createDocker } from '../../sandbox/docker-client';
import { createTestContext, type TestContext } from '../helpers/test-context';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../helpers/throwaway-postgres';
import { startThrowawayRedis, type ThrowawayRedis } from '../helpers/throwaway-redis';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Settings that make recovery fast enough to test: short job locks and a reconciler that looks every second. */
export const FAST_RECOVERY: Partial<Config> = { WORKER_LOCK_MS: 3_000, RECONCILE_INTERVAL_MS: 1_000, RECONCILE_AFTER_MS: 3_000, JOB_ATTEMPTS: 5 };

const spawned = new Set<ChildProcess>();

/** A real worker process (`worker/main.ts`) on the test's schema and queue; `killLeftoverWorkers` ends it if a test failed early. */
export function spawnWorker(config: Config): ChildProcess {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // the variables only: `docker` and `sizing` are derived from them (the child reads the same certificates)
  for (const key of CONFIG_VARIABLES) {
    const value = (config as Record<string, unknown>)[key];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') env[key] = String(value);
  }
  env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'warn';
  const child = spawn(process.execPath, ['--import', pathToFileURL(require.resolve('tsx')).href, path.join(ROOT, 'worker', 'main.ts')], {
    env, stdio: ['ignore', 'inherit', 'inherit'],
  });
  spawned.add(child);
  child.once('exit', () => spawned.delete(child));
  return child;
}

/** For `afterAll`: a test that failed before stopping its worker must not leave it judging after the suite. */
export async function killLeftoverWorkers(): Promise<void> {
  await Promise.all([...spawned].map(killHard));
}

/** SIGKILL, then waits for the process to exit. */
export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

/** SIGTERM (SIGKILL after `timeoutMs`); resolves with the exit code. */
export async function stopGracefully(child: ChildProcess, timeoutMs = 60_000): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

/** Set to 1 (CI does) to run the tests that stop and start the machine's shared Docker Engine. */
export const RESTART_DOCKER_ENV = 'JUDGE_FAULT_RESTART_DOCKER';
export const mayRestartDocker = process.env[RESTART_DOCKER_ENV] === '1';

/**
 * Stops dockerd (its containers stop with it) and starts it again. The Engine is the machine's, shared with
 * everything else on it, so this refuses unless `JUDGE_FAULT_RESTART_DOCKER=1`.
 */
export async function restartDockerd(downMs = 1_000): Promise<void> {
  if (!mayRestartDocker) throw new Error(`restartDockerd stops the shared Docker Engine; set ${RESTART_DOCKER_ENV}=1 to allow it`);
  await run('pkill', ['-TERM', '-x', 'dockerd']).catch(() => undefined);
  for (let i = 0; i < 100; i++) {
    const alive = await run('pgrep', ['-x', 'dockerd']).then(() => true, () => false);
    if (!alive) break;
    await sleep(200);
  }
  await sleep(downMs);
  await ensureDocker(createDocker(getConfig().docker), () => undefined);
}

/** A fault test's context on its own throwaway PostgreSQL and Redis, which the test may restart. */
export interface FaultContext {
  ctx: TestContext;
  postgres: ThrowawayPostgres;
  redis: ThrowawayRedis;
  /** Closes the context, then stops both servers and removes their folders. */
  close(): Promise<void>;
}

/**
 * Starts a throwaway PostgreSQL and Redis and a test context (`FAST_RECOVERY` plus `config`) whose DATABASE_URL and
 * REDIS_URL name them, so workers spawned from `ctx.config` use them too. On failure, whatever started is stopped.
 */
export async function startFaultContext(config: Partial<Config> = {}): Promise<FaultContext> {
  const started: Array<{ stop(): Promise<void> }> = [];
  try {
    const postgres = await startThrowawayPostgres();
    started.push(postgres);
    const redis = await startThrowawayRedis();
    started.push(redis);
    const ctx = await createTestContext({ config: { ...FAST_RECOVERY, ...config, DATABASE_URL: postgres.url, REDIS_URL: redis.url } });
    const close = async () => {
      await killLeftoverWorkers();
      await ctx.close().finally(() => Promise.all([postgres.stop(), redis.stop()]));
    };
    return { ctx, postgres, redis, close };
  } catch (error) {
    await Promise.all(started.map((server) => server.stop()));
    throw error;
  }
}

/** Submits a solution folder of a bundled challenge; returns the id or undefined when the API refused it. */
export async function submitSolution(ctx: TestContext, slug: string, files: Record<string, string>): Promise<string | undefined> {
  const res = await fetch(`${ctx.api.url}/v1/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ctx.adminToken}` },
    body: JSON.stringify({ challenge: slug, language: 'typescript', files }),
  }).catch(() => undefined);
  if (!res || res.status !== 202) return undefined;
  return ((await res.json()) as { id: string }).id;
}

/** Waits until every given submission is finished; returns the rows. */
export async function waitAllFinished(ctx: TestContext, ids: string[], timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await ctx.db.query<{ id: string; status: string; verdict: string | null; attempts: number; error: string | null }>(
      'SELECT id, status, verdict, attempts, error FROM submissions WHERE id = ANY($1::uuid[])', [ids],
    ).catch(() => ({ rows: [] as never[] }));
    if (rows.length === ids.length && rows.every((r) => r.status === 'finished')) return rows;
    if (Date.now() > deadline) throw new Error(`not all finished: ${JSON.stringify(await describeUnfinished(ctx, rows))}`);
    await sleep(250);
  }
}

/** For a failure message: each unfinished row beside its job's state in the queue (what the reconciler sees). */
async function describeUnfinished(ctx: TestContext, rows: Array<{ id: string; status: string; attempts: number; error: string | null }>) {
  return Promise.all(rows.filter((r) => r.status !== 'finished').map(async (r) => {
    const job = await ctx.queue.getJob(r.id).catch(() => undefined);
    const state = job ? await job.getState().catch((e: Error) => `unknown: ${e.message}`) : 'missing';
    return { ...r, queueState: state, attemptsMade: job?.attemptsMade, failedReason: job?.failedReason };
  }));
}

/** The closing checks of every fault test: one verdict per submission, and no judge container left. */
export async function assertNothingLostAndClean(ctx: TestContext, workerPids: number[]): Promise<void> {
  const { rows } = await ctx.db.query<{ total: number; finished: number; verdicts: number }>(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'finished')::int AS finished,
            count(verdict)::int AS verdicts FROM submissions`);
  expect(rows[0]).toEqual({ total: rows[0]!.total, finished: rows[0]!.total, verdicts: rows[0]!.total });
  const docker = createDocker(getConfig().docker);
  let left: Array<{ id: string; state: string; worker?: string }> = [];
  for (let i = 0; i < 40; i++) {
    left = (await docker.listContainers({ all: true, filters: { label: ['ai-judge.sandbox=1'] } }))
      .filter((c) => workerPids.some((pid) => (c.Labels['ai-judge.worker'] ?? '').endsWith(`-${pid}`)))
      .map((c) => ({ id: c.Id.slice(0, 12), state: c.State, worker: c.Labels['ai-judge.worker'] }));
    if (left.length === 0) return;
    await sleep(500);
  }
  throw new Error(`judge containers were left behind after 20 s: ${JSON.stringify(left)}`);
}

/** The files of a bundled solution, without its expected.json. */
export async function solutionFiles(slug: string, name: string): Promise<Record<string, string>> {
  const files = await readTree(path.join(CHALLENGES_DIR, slug, 'solutions', name));
  delete files['expected.json'];
  return files;
}
