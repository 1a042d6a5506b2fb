import { randomBytes } from 'node:crypto';
import pino, { type Logger } from 'pino';
import { observeQueues, type Metrics } from '../../core/platform/metrics';
import type { Queue } from 'bullmq';
import type IORedis from 'ioredis';
import { startApi, type RunningApi } from '../../api/start-api';
import { getConfig, type Config } from '../../core/platform/config';
import { createDb, type Db } from '../../core/platform/db';
import { migrate } from '../../core/platform/migrate';
import { createRedis, createSubmissionQueue, type JudgeJob } from '../../core/submissions/submission-queue';
import { createWebhookQueue } from '../../core/webhooks/webhook-queue';
import { createQualityQueue } from '../../core/quality/quality-queue';
import { createDocker } from '../../sandbox/docker-client';
import { startWorker, type RunningWorker } from '../../worker/start-worker';
import { loadChallengesForTest } from './challenge-template';

export interface TestContext {
  config: Config;
  /** The bootstrap admin token (`JUDGE_ADMIN_TOKEN`); `http()` sends it unless told otherwise. */
  adminToken: string;
  db: Db;
  redis: IORedis;
  queue: Queue<JudgeJob>;
  docker: ReturnType<typeof createDocker>;
  api: RunningApi;
  worker?: RunningWorker;
  close(): Promise<void>;
}

export const silentLog = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/**
 * A fresh PostgreSQL schema and BullMQ queue name per test file (like BullMQ's and node-postgres' own suites),
 * migrated, with the bundled challenges (copied from the run's template when there is one, challenge-template.ts), and
 * the API listening on a free loopback port. The quality analysis is off unless `config.QUALITY_ENABLED` turns it on.
 */
export async function createTestContext(options: { worker?: boolean; config?: Partial<Config>; metrics?: Metrics; log?: Logger } = {}): Promise<TestContext> {
  const suffix = randomBytes(4).toString('hex');
  const config: Config = {
    ...getConfig(), DB_SCHEMA: `test_${suffix}`, QUEUE_NAME: `test-${suffix}`, PORT: 0, HOST: '127.0.0.1',
    // The quality analysis (~5 s of container CPU per submission) only where a test is about it: test files run two
    // at a time on two cores, and analyses nobody reads would slow the judgements whose tests measure time.
    QUALITY_ENABLED: false,
    JUDGE_ADMIN_TOKEN: `test-admin-${randomBytes(16).toString('hex')}`, ...options.config,
  };
  await migrate(config.DATABASE_URL, config.DB_SCHEMA);
  const db = createDb(config.DATABASE_URL, config.DB_SCHEMA);
  await loadChallengesForTest(db, config.DATABASE_URL, config.DB_SCHEMA);
  const redis = createRedis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
  const queue = createSubmissionQueue(config, redis);
  const docker = createDocker(config.docker);
  const log = options.log ?? silentLog;
  const worker = options.worker ? await startWorker({ db, docker, config, log, metrics: options.metrics }) : undefined;
  if (options.metrics) observeQueues(options.metrics, [queue]);
  const api = await startApi({ db, queue, redis, docker, config, log, metrics: options.metrics });
  return {
    config, adminToken: config.JUDGE_ADMIN_TOKEN ?? '', db, redis, queue, docker, api, worker,
    async close() {
      await api.close();
      await worker?.close();
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      for (const other of [createWebhookQueue(config, redis), createQualityQueue(config, redis)]) {
        await other.obliterate({ force: true }).catch(() => undefined);
        await other.close();
      }
      redis.disconnect();
      await db.query(`DROP SCHEMA "${config.DB_SCHEMA}" CASCADE`);
      await db.end();
    },
  };
}

/** `Authorization` header for a token; `bearer(null)` sends no token at all. */
export function bearer(token: string | null): Record<string, string> {
  return { authorization: token === null ? '' : `Bearer ${token}` };
}

/**
 * JSON over HTTP against the test API. Sends the bootstrap admin token unless `headers.authorization` is given
 * (an empty string sends none; see `bearer`).
 */
export async function http(ctx: TestContext, method: string, path: string, body?: unknown, headers: Record<string, string> = {}, baseUrl = ctx.api.url) {
  const all: Record<string, string> = { authorization: `Bearer ${ctx.adminToken}`, ...headers };
  if (all.authorization === '') delete all.authorization;
  const init: RequestInit = { method, headers: all };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    all['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${baseUrl}${path}`, init);
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

/** Polls a submission until it is finished (or the deadline passes). */
export async function waitForVerdict(ctx: TestContext, id: string, timeoutMs = 90_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { json } = await http(ctx, 'GET', `/v1/submissions/${id}`);
    if (json?.status === 'finished') return json;
    if (Date.now() > deadline) throw new Error(`submission ${id} not finished after ${timeoutMs} ms (status ${json?.status})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function countSubmissions(ctx: TestContext): Promise<number> {
  const { rows } = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM submissions');
  return rows[0]!.n;
}
