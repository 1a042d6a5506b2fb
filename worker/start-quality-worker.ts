/**
 * @module start-quality-worker
 * The BullMQ worker of the `analyze` queue, beside the judging worker, with its own concurrency.
 */
import { Worker } from 'bullmq';
import { createRedis } from '../lib/submission-queue';
import { analyzeSubmission, type AnalyzeDeps } from './analyze-submission';
import { createQualityQueue, enqueueAnalysis, qualityQueueName, reconcileQuality, type AnalyzeJob } from './quality-queue';

export interface QualityWorker {
  /** Queues the analysis of a just-finished submission; never throws (the reconciler catches up). */
  onFinished(submissionId: string): Promise<void>;
  /** Enqueues analyses that went missing. */
  reconcile(): Promise<void>;
  close(): Promise<void>;
}

export function startQualityWorker(deps: AnalyzeDeps): QualityWorker {
  const { config, log } = deps;
  const queue = createQualityQueue(config);
  if (!config.QUALITY_ENABLED) {
    return { onFinished: async () => undefined, reconcile: async () => undefined, close: async () => { await queue.close(); } };
  }
  const connection = createRedis(config.REDIS_URL);
  const worker = new Worker<AnalyzeJob>(qualityQueueName(config), async (job) => {
    const isFinalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    await analyzeSubmission(deps, job.data.submissionId, isFinalAttempt);
  }, { connection, concurrency: config.QUALITY_CONCURRENCY, maxStalledCount: 2, lockDuration: config.WORKER_LOCK_MS, stalledInterval: config.WORKER_LOCK_MS });
  worker.on('error', (error) => log.error({ err: error }, 'quality worker error'));
  return {
    async onFinished(submissionId) {
      await enqueueAnalysis(queue, submissionId).catch((error) => log.warn({ err: error, submissionId }, 'could not enqueue the analysis; the reconciler will'));
    },
    async reconcile() {
      await reconcileQuality(deps.db, queue, config, log);
    },
    async close() {
      await worker.close();
      await queue.close();
      await connection.quit().catch(() => undefined);
    },
  };
}
