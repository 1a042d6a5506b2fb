/**
 * @module start-quality-worker
 * The BullMQ worker of the `analyze` queue, beside the judging worker, with its own concurrency.
 */
import { Worker } from 'bullmq';
import type { Metrics } from '../core/platform/metrics';
import { createRedis, createSubmissionQueue } from '../core/submissions/submission-queue';
import { DOCKER_OUTAGE_RETRY_MS, DockerUnavailableError } from '../core/judging/docker-outage';
import { delayJob } from './delay-job';
import { isFinalAttempt } from './judge-processor';
import type { VerdictHook } from '../core/judging/verdict-hooks';
import { analyzeSubmission, type AnalyzeDeps } from '../core/quality/analyze-submission';
import { createQualityQueue, enqueueAnalysis, qualityQueueName, reconcileQuality, type AnalyzeJob } from '../core/quality/quality-queue';

export interface QualityWorker {
  /** The after-verdict hook: queues the analysis of a candidate's or staff submission; never throws (the reconciler catches up). */
  enqueueAnalysis: VerdictHook;
  /** Enqueues analyses that went missing. */
  reconcile(): Promise<void>;
  close(): Promise<void>;
}

const DEFER_MS = 2_000;
const MAX_DEFERRALS = 60;

const CLOSE_WAIT_MS = 10_000;

/** Submissions waiting for a verdict or being judged (0 when Redis cannot say: the analysis then runs). */
async function judgingLoad(judging: ReturnType<typeof createSubmissionQueue>): Promise<number> {
  const counts = await judging.getJobCounts('waiting', 'active').catch(() => ({} as Record<string, number>));
  return (counts.waiting ?? 0) + (counts.active ?? 0);
}

/** Starts the quality worker (`QUALITY_CONCURRENCY`); with `QUALITY_ENABLED` off, a worker that does nothing. */
export function startQualityWorker(deps: AnalyzeDeps & { metrics?: Metrics }): QualityWorker {
  const { config, log } = deps;
  if (!config.QUALITY_ENABLED) return { enqueueAnalysis: async () => undefined, reconcile: async () => undefined, close: async () => undefined };
  const connection = createRedis(config.REDIS_URL);
  const queueConnection = createRedis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
  const queue = createQualityQueue(config, queueConnection);
  const judging = createSubmissionQueue(config, queueConnection);
  const worker = new Worker<AnalyzeJob>(qualityQueueName(config), async (job, token) => {
    // Analyses yield to judging: while submissions wait for a verdict or are being judged, put this one back for a
    // while (bounded, so a steady stream of submissions delays an analysis by at most MAX_DEFERRALS * DEFER_MS). An
    // analysis beside a judgement on a small machine slows it, and challenges' tests measure time.
    const deferrals = job.data.deferrals ?? 0;
    if (deferrals < MAX_DEFERRALS && (await judgingLoad(judging)) > 0) {
      await job.updateData({ ...job.data, deferrals: deferrals + 1 });
      await delayJob(job, token, DEFER_MS);
    }
    try {
      await analyzeSubmission(deps, { submissionId: job.data.submissionId, isFinalAttempt: isFinalAttempt(job) });
    } catch (error) {
      if (!(error instanceof DockerUnavailableError)) throw error;
      await delayJob(job, token, DOCKER_OUTAGE_RETRY_MS);
    }
  }, { connection, concurrency: config.QUALITY_CONCURRENCY, maxStalledCount: 2, lockDuration: config.WORKER_LOCK_MS, stalledInterval: config.WORKER_LOCK_MS });
  worker.on('completed', () => deps.metrics?.qualityAnalyses.inc({ outcome: 'analysed' }));
  worker.on('failed', () => deps.metrics?.qualityAnalyses.inc({ outcome: 'failed' }));
  worker.on('error', (error) => log.error({ err: error }, 'quality worker error'));
  return {
    async enqueueAnalysis(submission) {
      if (submission.purpose !== 'submission') return;
      await enqueueAnalysis(queue, submission.id).catch((error) => log.warn({ err: error, submissionId: submission.id }, 'could not enqueue the analysis; the reconciler will'));
    },
    async reconcile() {
      await reconcileQuality(deps.db, queue, config, log);
    },
    async close() {
      // Analyses are idempotent and re-run when lost, so shutdown waits for a running one only briefly.
      const waited = await Promise.race([worker.close().then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), CLOSE_WAIT_MS).unref())]);
      if (!waited) log.warn('an analysis was still running at shutdown; it will run again (stalled-job check or reconciler)');
      await queue.close();
      await judging.close();
      queueConnection.disconnect();
      await connection.quit().catch(() => undefined);
    },
  };
}
