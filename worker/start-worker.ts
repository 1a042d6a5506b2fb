import { hostname } from 'node:os';
import { Worker, type Job } from 'bullmq';
import type Docker from 'dockerode';
import type { Logger } from 'pino';
import type { Config } from '../core/platform/config';
import type { Db } from '../core/platform/db';
import { createRedis, createSubmissionQueue, type JudgeJob } from '../core/submissions/submission-queue';
import { removeContainersOf, removeOrphanContainers } from '../sandbox/container-janitor';
import { SandboxPool } from '../sandbox/sandbox-pool';
import { sandboxLimitsFor } from '../core/judging/judge-files';
import { judgeSubmission } from '../core/judging/judge-submission';
import { startQualityWorker } from './start-quality-worker';
import { startWebhookWorker } from './start-webhook-worker';
import { reconcile } from './reconciler';
import { DOCKER_OUTAGE_RETRY_MS, DockerUnavailableError } from '../core/judging/docker-outage';
import { createFetchWatchdog } from './fetch-watchdog';
import { createDockerGate } from './docker-gate';
import { delayJob } from './delay-job';

/** Consecutive failed reconciler sweeps after which the sweep's Redis connection is replaced. */
const SWEEP_FAILURES_BEFORE_NEW_CONNECTION = 5;

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
  const orphanAgeMs = Math.max(config.MAX_WALL_TIME_MS, config.QUALITY_WALL_TIME_MS) + config.SANDBOX_POOL_MAX_IDLE_MS + 60_000;
  // Docker may be restarting while a worker starts: the worker still starts (its runs wait in the queue, using up no
  // attempt, until Docker answers) and the janitor's timer sweeps later.
  const removed = await removeOrphanContainers(deps.docker, orphanAgeMs, workerId).catch((error: unknown) => {
    log.warn({ err: error }, 'could not sweep orphaned sandbox containers at start (is Docker reachable?); the janitor retries');
    return [] as string[];
  });
  if (removed.length) log.warn({ removed }, 'removed orphaned sandbox containers');

  const pool = config.SANDBOX_POOL_SIZE > 0
    ? new SandboxPool(deps.docker, {
      image: config.SANDBOX_IMAGE,
      limits: sandboxLimitsFor(config, config.SANDBOX_POOL_MEMORY_MB),
      size: config.SANDBOX_POOL_SIZE,
      maxIdleMs: config.SANDBOX_POOL_MAX_IDLE_MS,
      labels: { 'ai-judge.worker': workerId },
      log,
    })
    : undefined;
  pool?.start();

  const webhooks = startWebhookWorker(deps);
  const quality = startQualityWorker({ ...deps, workerId });
  const onFinished = async (submissionId: string) => {
    await webhooks.onFinished(submissionId);
    await quality.onFinished(submissionId);
  };
  // the sweep's own queue handle and connection (replaced when the sweep keeps failing)
  const openSweepQueue = () => {
    const connection = createRedis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
    return { queue: createSubmissionQueue(config, connection), connection };
  };
  let sweepQueue = openSweepQueue();
  const watchdog = createFetchWatchdog(() => sweepQueue.queue, config.RECONCILE_AFTER_MS);
  const judge = async (job: Job<JudgeJob>, token?: string) => {
    const isFinalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    watchdog.started();
    try {
      await judgeSubmission({ ...deps, workerId, pool, onFinished }, job.data.submissionId, isFinalAttempt);
    } catch (error) {
      if (!(error instanceof DockerUnavailableError)) throw error;
      // back to the queue without using up an attempt: a Docker restart must not turn submissions into internal_error
      dockerGate.closeUntilDockerAnswers();
      await delayJob(job, token, DOCKER_OUTAGE_RETRY_MS);
    } finally {
      watchdog.finished();
    }
  };
  // Each BullMQ worker gets its own connection, so a replaced one takes its connection state with it.
  const createJudgeWorker = () => {
    const connection = createRedis(config.REDIS_URL);
    const created = new Worker<JudgeJob>(config.QUEUE_NAME, judge, {
      connection, concurrency: config.WORKER_CONCURRENCY, maxStalledCount: 2, lockDuration: config.WORKER_LOCK_MS, stalledInterval: config.WORKER_LOCK_MS,
    });
    created.on('error', (error) => log.error({ err: error }, 'worker error'));
    return { worker: created, connection };
  };
  let current = createJudgeWorker();
  // pauses whichever BullMQ worker is current (doNotWaitActive: it is called from inside a running job)
  const dockerGate = createDockerGate(deps.docker, log, { pause: () => current.worker.pause(true), resume: () => current.worker.resume() });
  const replaceIfStuck = async () => {
    if (dockerGate.isClosed) return watchdog.reset(); // idle on purpose
    if (!(await watchdog.isStuck())) return;
    log.error({ queue: config.QUEUE_NAME }, 'jobs are waiting but this worker has taken none; replacing its BullMQ worker');
    const old = current;
    await old.worker.close(true).catch(() => undefined);
    old.connection.disconnect();
    current = createJudgeWorker();
    watchdog.reset();
  };

  let sweeping = false;
  let failedSweeps = 0;
  const sweep = async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      if (failedSweeps >= SWEEP_FAILURES_BEFORE_NEW_CONNECTION) {
        // the sweep's own connection may be the broken part: take a new one (harmless while Redis is really down)
        log.warn({ failedSweeps }, 'the reconciler keeps failing; it takes a new Redis connection');
        const old = sweepQueue;
        sweepQueue = openSweepQueue();
        failedSweeps = 0;
        old.connection.disconnect();
        void old.queue.close().catch(() => undefined);
      }
      // first and on its own: a failing reconciler must not keep a stuck worker from being replaced
      await replaceIfStuck().catch((error: unknown) => log.warn({ err: error }, 'the fetch watchdog could not read the queue'));
      await reconcile(deps.db, sweepQueue.queue, config, log, onFinished);
      await quality.reconcile();
      failedSweeps = 0;
    } catch (error) {
      failedSweeps++;
      log.warn({ err: error }, 'reconcile sweep failed; will retry');
    }
    try {
      if (!dockerGate.isClosed) await removeOrphanContainers(deps.docker, orphanAgeMs, workerId);
    } catch (error) {
      log.warn({ err: error }, 'the container janitor could not reach Docker; will retry');
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
      dockerGate.stop();
      await current.worker.close();
      await webhooks.close();
      await quality.close();
      await pool?.close();
      await removeContainersOf(deps.docker, workerId).catch(() => undefined);
      await sweepQueue.queue.close();
      sweepQueue.connection.disconnect();
      await current.connection.quit().catch(() => undefined);
    },
  };
}
