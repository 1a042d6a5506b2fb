/**
 * @module worker-upkeep
 * The worker's sweep, every `RECONCILE_INTERVAL_MS`: the fetch watchdog (replace a worker that stopped taking jobs),
 * the reconciler (judging and quality), and the container janitor.
 */
import type Docker from 'dockerode';
import type { Logger } from 'pino';
import type { Config } from '../core/platform/config';
import type { Db } from '../core/platform/db';
import type { VerdictHook } from '../core/judging/verdict-hooks';
import { createRedis, createSubmissionQueue } from '../core/submissions/submission-queue';
import { removeOrphanContainers } from '../sandbox/container-janitor';
import type { createDockerGate } from './docker-gate';
import { createFetchWatchdog } from './fetch-watchdog';
import type { ReplaceableJudgeWorker } from './judge-worker';
import { reconcile } from './reconciler';

/** Consecutive failed reconciler sweeps after which the sweep's Redis connection is replaced. */
const SWEEP_FAILURES_BEFORE_NEW_CONNECTION = 5;

/** What the sweep works on. */
export interface UpkeepDeps {
  db: Db;
  docker: Docker;
  config: Config;
  log: Logger;
  workerId: string;
  /** Containers of gone workers older than this are removed. */
  orphanAgeMs: number;
  judgeWorker: ReplaceableJudgeWorker;
  dockerGate: ReturnType<typeof createDockerGate>;
  /** Run for verdicts the reconciler stores (giving up on a submission). */
  afterVerdict: readonly VerdictHook[];
  /** The quality stage's own reconciliation. */
  reconcileQuality(): Promise<void>;
}

/** The sweep's own queue handle and connection (replaced when the sweep keeps failing). */
function openSweepQueue(config: Config) {
  const connection = createRedis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
  return { queue: createSubmissionQueue(config, connection), connection };
}

/** The fetch watchdog, which the sweep consults and the processor tells of every job. */
type Watchdog = ReturnType<typeof createFetchWatchdog>;

/** The sweep's Redis side: its queue handle, the watchdog reading it, and replacing that connection. */
export function createSweepQueue(config: Config) {
  let sweepQueue = openSweepQueue(config);
  return {
    watchdog: createFetchWatchdog(() => sweepQueue.queue, config.RECONCILE_AFTER_MS),
    get queue() {
      return sweepQueue.queue;
    },
    replace(): void {
      const old = sweepQueue;
      sweepQueue = openSweepQueue(config);
      old.connection.disconnect();
      void old.queue.close().catch(() => undefined);
    },
    async close(): Promise<void> {
      await sweepQueue.queue.close();
      sweepQueue.connection.disconnect();
    },
  };
}

/** Replaces the judging worker when the watchdog says it stopped taking jobs (not while Docker keeps it paused). */
async function replaceIfStuck(deps: UpkeepDeps, watchdog: Watchdog): Promise<void> {
  if (deps.dockerGate.isClosed) return watchdog.reset(); // idle on purpose
  if (!(await watchdog.isStuck())) return;
  deps.log.error({ queue: deps.config.QUEUE_NAME }, 'jobs are waiting but this worker has taken none; replacing its BullMQ worker');
  await deps.judgeWorker.replace();
  watchdog.reset();
}

/** Removes this host's orphaned sandbox containers, unless Docker is known to be down; failures wait for the next sweep. */
async function sweepContainers(deps: UpkeepDeps): Promise<void> {
  try {
    if (!deps.dockerGate.isClosed) await removeOrphanContainers(deps.docker, deps.orphanAgeMs, deps.workerId);
  } catch (error) {
    deps.log.warn({ err: error }, 'the container janitor could not reach Docker; will retry');
  }
}

/** Starts the sweep now and on a timer; `stop` ends the timer. One sweep runs at a time. */
export function startUpkeep(deps: UpkeepDeps, sweepQueue: ReturnType<typeof createSweepQueue>): { stop(): void } {
  const { config, log } = deps;
  let sweeping = false;
  let failedSweeps = 0;
  const sweep = async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      if (failedSweeps >= SWEEP_FAILURES_BEFORE_NEW_CONNECTION) {
        // the sweep's own connection may be the broken part: take a new one (harmless while Redis is really down)
        log.warn({ failedSweeps }, 'the reconciler keeps failing; it takes a new Redis connection');
        sweepQueue.replace();
        failedSweeps = 0;
      }
      // first and on its own: a failing reconciler must not keep a stuck worker from being replaced
      await replaceIfStuck(deps, sweepQueue.watchdog).catch((error: unknown) => log.warn({ err: error }, 'the fetch watchdog could not read the queue'));
      await reconcile(deps.db, sweepQueue.queue, config, log, deps.afterVerdict);
      await deps.reconcileQuality();
      failedSweeps = 0;
    } catch (error) {
      failedSweeps++;
      log.warn({ err: error }, 'reconcile sweep failed; will retry');
    }
    await sweepContainers(deps);
    sweeping = false;
  };
  const timer = setInterval(() => void sweep(), config.RECONCILE_INTERVAL_MS);
  void sweep();
  return { stop: () => clearInterval(timer) };
}
