/**
 * @module worker-process
 * The worker process's wiring, shared by `worker/main.ts` and `npm start`: opens its connections from the config it
 * is given, starts the worker, catches up the publish gates of bundled challenges, and closes all of it.
 */
import type { Logger } from 'pino';
import { queueMissingGates } from '../core/gate/gate-runs';
import type { Config } from '../core/platform/config';
import { createDb, type Db } from '../core/platform/db';
import { createRedis, createSubmissionQueue } from '../core/submissions/submission-queue';
import { createDocker } from '../sandbox/docker-client';
import { startWorker, type RunningWorker } from './start-worker';

/**
 * Queues the publish gate of every published version that has none (bundled challenges loaded by the set-up). A
 * failure is logged, not fatal: the next worker start tries again.
 */
async function catchUpGates(db: Db, config: Config, log: Logger): Promise<void> {
  const redis = createRedis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
  const queue = createSubmissionQueue(config, redis);
  try {
    const gates = await queueMissingGates({ db, queue, log }, config.GATE_RUNS);
    if (gates.length) log.info({ gates: gates.length }, 'queued the publish gate of published versions that had none');
  } catch (error) {
    log.warn({ err: error }, 'could not queue the missing publish gates; the next worker start tries again');
  } finally {
    await queue.close().catch(() => undefined);
    redis.disconnect();
  }
}

/** Opens PostgreSQL and Docker, starts the worker, then queues missing publish gates; `close` stops it and ends the pool. */
export async function startWorkerProcess(config: Config, log: Logger): Promise<RunningWorker> {
  const db = createDb(config.DATABASE_URL, config.DB_SCHEMA);
  const worker = await startWorker({ db, docker: createDocker(config.DOCKER_SOCKET), config, log }).catch(async (error: unknown) => {
    await db.end().catch(() => undefined);
    throw error;
  });
  await catchUpGates(db, config, log);
  return {
    async close() {
      await worker.close();
      await db.end();
    },
  };
}
