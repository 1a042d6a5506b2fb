import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { JudgeJob } from './submission-queue';

const ENQUEUE_TIMEOUT_MS = 2_000;
/** BullMQ runs jobs without a priority before any prioritized one: candidates' submissions never wait behind these. */
const BACKGROUND_PRIORITY = 100;

/**
 * Enqueues one of the judge's own runs (a publish-gate or rejudge row) behind every candidate submission, giving up
 * after 2 s without failing the caller: the row is already in PostgreSQL and the worker's reconciler enqueues it
 * later if Redis did not take it (then without the lower priority).
 */
export async function enqueueBackgroundRun(queue: Queue<JudgeJob>, submissionId: string, log: Logger): Promise<void> {
  try {
    await Promise.race([
      queue.add('judge', { submissionId }, { jobId: submissionId, priority: BACKGROUND_PRIORITY }),
      new Promise((_, reject) => setTimeout(() => reject(new Error('enqueue timed out')), ENQUEUE_TIMEOUT_MS).unref()),
    ]);
  } catch (error) {
    log.warn({ err: error, submissionId }, 'row stored but not queued; the reconciler will enqueue it');
  }
}
