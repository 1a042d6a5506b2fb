/**
 * @module judge-worker
 * The BullMQ `Worker` of the judging queue, behind a handle that can replace it (fetch watchdog) and pause it (Docker
 * gate) without its users holding the current instance.
 */
import { Worker, type Processor } from 'bullmq';
import type IORedis from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../core/platform/config';
import { createRedis, type JudgeJob } from '../core/submissions/submission-queue';

/** The current judging worker, whichever instance that is. */
export interface ReplaceableJudgeWorker {
  /** Stops fetching jobs; running ones go on (called from inside a running job: it does not wait for them). */
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Closes the current worker without waiting for its jobs, drops its connection, starts a new one. */
  replace(): Promise<void>;
  /** Waits for running jobs, then closes the worker and its connection. */
  close(): Promise<void>;
}

/** BullMQ's `pause(doNotWaitActive)` and `close(force)`: don't wait for the running jobs. */
const WITHOUT_WAITING_FOR_ACTIVE_JOBS = true;

type JudgeWorkerConfig = Pick<Config, 'REDIS_URL' | 'QUEUE_NAME' | 'WORKER_CONCURRENCY' | 'WORKER_LOCK_MS'>;

/** One BullMQ worker on its own connection, so a replaced one takes its connection state with it. */
function openJudgeWorker(config: JudgeWorkerConfig, log: Logger, processor: Processor<JudgeJob>): { worker: Worker<JudgeJob>; connection: IORedis } {
  const connection = createRedis(config.REDIS_URL);
  const worker = new Worker<JudgeJob>(config.QUEUE_NAME, processor, {
    connection, concurrency: config.WORKER_CONCURRENCY, maxStalledCount: 2, lockDuration: config.WORKER_LOCK_MS, stalledInterval: config.WORKER_LOCK_MS,
  });
  worker.on('error', (error) => log.error({ err: error }, 'worker error'));
  return { worker, connection };
}

/** Starts the judging worker (concurrency `WORKER_CONCURRENCY`, at most 2 stalls per job) running `processor`. */
export function startJudgeWorker(config: JudgeWorkerConfig, log: Logger, processor: Processor<JudgeJob>): ReplaceableJudgeWorker {
  let current = openJudgeWorker(config, log, processor);
  return {
    pause: () => current.worker.pause(WITHOUT_WAITING_FOR_ACTIVE_JOBS),
    resume: async () => current.worker.resume(),
    async replace() {
      const old = current;
      await old.worker.close(WITHOUT_WAITING_FOR_ACTIVE_JOBS).catch(() => undefined);
      old.connection.disconnect();
      current = openJudgeWorker(config, log, processor);
    },
    async close() {
      await current.worker.close();
      await current.connection.quit().catch(() => undefined);
    },
  };
}
