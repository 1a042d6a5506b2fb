/**
 * @module quality-queue
 * The `analyze` jobs' own BullMQ queue (`<QUEUE_NAME>-quality`): analyses never take a judging slot, and the job id
 * is derived from the submission id so enqueuing twice (the worker's hook, the reconciler) analyses once.
 */
import { Queue } from 'bullmq';
import type IORedis from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../platform/config';
import type { Db } from '../platform/db';
import { findMissingQuality } from './quality-repository';

export interface AnalyzeJob {
  submissionId: string;
  /** Times the job was put back because submissions were waiting for a verdict. */
  deferrals?: number;
}

const LIVE_STATES = new Set(['active', 'waiting', 'delayed', 'prioritized', 'waiting-children']);

export function qualityQueueName(config: Config): string {
  return `${config.QUEUE_NAME}-quality`;
}

/** The queue over `connection` (the caller closes it). */
export function createQualityQueue(config: Config, connection: IORedis): Queue<AnalyzeJob> {
  return new Queue<AnalyzeJob>(qualityQueueName(config), {
    connection,
    defaultJobOptions: {
      attempts: config.QUALITY_ATTEMPTS,
      backoff: { type: 'exponential', delay: 2_000 },
      removeOnComplete: true,
      removeOnFail: { count: 1_000 },
    },
  });
}

const jobId = (submissionId: string) => `analyze-${submissionId}`;

export async function enqueueAnalysis(queue: Queue<AnalyzeJob>, submissionId: string): Promise<void> {
  await queue.add('analyze', { submissionId }, { jobId: jobId(submissionId) });
}

/**
 * Finished submissions without an analysis row whose job the queue no longer holds (the hook's enqueue failed, Redis
 * lost it) are enqueued again. Returns the ids it enqueued.
 */
export async function reconcileQuality(db: Db, queue: Queue<AnalyzeJob>, config: Config, log: Logger): Promise<string[]> {
  const enqueued: string[] = [];
  for (const id of await findMissingQuality(db, config.RECONCILE_AFTER_MS)) {
    const job = await queue.getJob(jobId(id));
    const state = job ? await job.getState() : 'missing';
    if (LIVE_STATES.has(state)) continue;
    if (job) await job.remove().catch(() => undefined);
    await enqueueAnalysis(queue, id);
    enqueued.push(id);
    log.warn({ submissionId: id, state }, 'reconciler enqueued a missing quality analysis');
  }
  return enqueued;
}
