import { hostname } from 'node:os';
import { Worker } from 'bullmq';
import type Docker from 'dockerode';
import type { Logger } from 'pino';
import type { Config } from '../lib/config';
import type { Db } from '../lib/db';
import { createRedis, createSubmissionQueue, type JudgeJob } from '../lib/submission-queue';
import { removeOrphanContainers } from '../sandbox/container-janitor';
import { judgeSubmission } from './judge-submission';
import { startWebhookWorker } from './start-webhook-worker';
import { reconcile } from './reconciler';

export interface RunningWorker {
  close(): Promise<void>;
}

/**
 * Starts a BullMQ worker that judges submissions, plus the reconciler and the container janitor on timers.
 * Stalled jobs (a worker killed mid-judge) go back to the queue through BullMQ's stalled-job check.
 */
export async function startWorker(deps: { db: Db; docker: Docker; config: Config; log: Logger }): Promise<RunningWorker> {
  const { config, log } = deps;
  const workerId = `${hostname()}-${process.pid}`;
  const orphanAgeMs = config.MAX_WALL_TIME_MS + 60_000;
  const removed = await removeOrphanContainers(deps.docker, orphanAgeMs);
  if (removed.length) log.warn({ removed }, 'removed orphaned sandbox containers');

  const webhooks = startWebhookWorker(deps);
  const connection = createRedis(config.REDIS_URL);
  const worker = new Worker<JudgeJob>(
    config.QUEUE_NAME,
    async (job) => {
      const isFinalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await judgeSubmission({ ...deps, workerId, onFinished: webhooks.onFinished }, job.data.submissionId, isFinalAttempt);
    },
    { connection, concurrency: config.WORKER_CONCURRENCY, maxStalledCount: 2 },
  );
  worker.on('error', (error) => log.error({ err: error }, 'worker error'));

  const queue = createSubmissionQueue(config.QUEUE_NAME);
  let sweeping = false;
  const sweep = async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      await reconcile(deps.db, queue, config, log);
      await removeOrphanContainers(deps.docker, orphanAgeMs);
    } catch (error) {
      log.warn({ err: error }, 'reconcile sweep failed; will retry');
    } finally {
      sweeping = false;
    }
  };
  const timer = setInterval(sweep, config.RECONCILE_INTERVAL_MS);
  void sweep();
  log.info({ queue: config.QUEUE_NAME, concurrency: config.WORKER_CONCURRENCY, workerId }, 'worker started');

  return {
    async close() {
      clearInterval(timer);
      await worker.close();
      await webhooks.close();
      await queue.close();
      await connection.quit().catch(() => undefined);
    },
  };
}
