/**
 * @module start-worker
 * The worker's wiring: the judging worker and its processor, the webhook and quality workers beside it, the
 * after-verdict hooks, the warm sandbox pool, the sweep, and closing them all.
 */
import { startWorkerHeartbeat } from './worker-heartbeat';
import { hostname } from 'node:os';
import type Docker from 'dockerode';
import type { Logger } from 'pino';
import type { Config } from '../core/platform/config';
import type { Db } from '../core/platform/db';
import { settleGateAfterVerdict } from '../core/gate/gate-runs';
import { sandboxLimitsFor } from '../core/judging/judge-files';
import type { VerdictHook } from '../core/judging/verdict-hooks';
import { judgementMetricsHook } from '../core/judging/judgement-metrics';
import { observeSandboxPool, type Metrics } from '../core/platform/metrics';
import { removeContainersOf, removeOrphanContainers } from '../sandbox/container-janitor';
import { SandboxPool } from '../sandbox/sandbox-pool';
import { createDockerGate } from './docker-gate';
import { createJudgeProcessor } from './judge-processor';
import { startJudgeWorker } from './judge-worker';
import { startQualityWorker } from './start-quality-worker';
import { startWebhookWorker } from './start-webhook-worker';
import { createSweepQueue, startUpkeep } from './worker-upkeep';

export interface RunningWorker {
  close(): Promise<void>;
}

/** What a worker is given: its connections, its config and its logger. */
export interface WorkerDeps {
  db: Db;
  docker: Docker;
  config: Config;
  log: Logger;
  /** The process's metrics; without them nothing is counted (tests). */
  metrics?: Metrics;
}

/** How old an orphaned container must be before the janitor removes it: the longest run plus the pool's idle limit. */
function orphanAgeMsOf(config: Config): number {
  return Math.max(config.MAX_WALL_TIME_MS, config.QUALITY_WALL_TIME_MS) + config.SANDBOX_POOL_MAX_IDLE_MS + 60_000;
}

/**
 * Removes this worker's leftovers of an earlier run. Docker may be restarting while a worker starts: the worker still
 * starts (its runs wait in the queue, using up no attempt, until Docker answers) and the janitor's timer sweeps later.
 */
async function sweepContainersAtStart(deps: WorkerDeps, workerId: string): Promise<void> {
  const removed = await removeOrphanContainers(deps.docker, orphanAgeMsOf(deps.config), workerId).catch((error: unknown) => {
    deps.log.warn({ err: error }, 'could not sweep orphaned sandbox containers at start (is Docker reachable?); the janitor retries');
    return [] as string[];
  });
  if (removed.length) deps.log.warn({ removed }, 'removed orphaned sandbox containers');
}

/** The warm pool of started sandbox containers (`SANDBOX_POOL_SIZE`; none when 0). */
function startSandboxPool(deps: WorkerDeps, workerId: string): SandboxPool | undefined {
  const { config } = deps;
  if (config.SANDBOX_POOL_SIZE === 0) return undefined;
  const pool = new SandboxPool(deps.docker, {
    image: config.SANDBOX_IMAGE,
    limits: sandboxLimitsFor(config, config.SANDBOX_POOL_MEMORY_MB),
    size: config.SANDBOX_POOL_SIZE,
    maxIdleMs: config.SANDBOX_POOL_MAX_IDLE_MS,
    labels: { 'ai-judge.worker': workerId },
    log: deps.log,
  });
  pool.start();
  return pool;
}

/**
 * Starts a BullMQ worker that judges submissions, the webhook and quality workers, and the sweep (reconciler, fetch
 * watchdog, container janitor) on a timer. After a verdict: the webhook, the analysis, the gate (`afterVerdict`).
 * Stalled jobs (a worker killed mid-judge) go back to the queue through BullMQ's stalled-job check.
 */
export async function startWorker(deps: WorkerDeps): Promise<RunningWorker> {
  const { config, log } = deps;
  const workerId = `${hostname()}-${process.pid}`;
  await sweepContainersAtStart(deps, workerId);
  const pool = startSandboxPool(deps, workerId);
  const webhooks = startWebhookWorker(deps);
  const quality = startQualityWorker({ ...deps, workerId });
  const afterVerdict: VerdictHook[] = [webhooks.enqueueWebhook, quality.enqueueAnalysis, settleGateAfterVerdict(deps.db)];
  if (deps.metrics) {
    afterVerdict.push(judgementMetricsHook(deps.db, deps.metrics));
    if (pool) observeSandboxPool(deps.metrics, () => pool.idle, config.SANDBOX_POOL_SIZE);
  }

  const sweepQueue = createSweepQueue(config);
  const processor = createJudgeProcessor({
    judge: { ...deps, workerId, pool, afterVerdict },
    watchdog: sweepQueue.watchdog,
    onDockerUnavailable: () => dockerGate.closeUntilDockerAnswers(),
  });
  const judgeWorker = startJudgeWorker(config, log, processor);
  const dockerGate = createDockerGate(deps.docker, log, judgeWorker);
  const upkeep = startUpkeep({
    ...deps, workerId, orphanAgeMs: orphanAgeMsOf(config), judgeWorker, dockerGate, afterVerdict, reconcileQuality: () => quality.reconcile(),
  }, sweepQueue);
  const heartbeat = startWorkerHeartbeat(config, log, workerId);
  log.info({ queue: config.QUEUE_NAME, concurrency: config.WORKER_CONCURRENCY, workerId }, 'worker started');

  return {
    async close() {
      await heartbeat.stop();
      upkeep.stop();
      dockerGate.stop();
      await judgeWorker.close();
      await webhooks.close();
      await quality.close();
      await pool?.close();
      await removeContainersOf(deps.docker, workerId).catch(() => undefined);
      await sweepQueue.close();
    },
  };
}
