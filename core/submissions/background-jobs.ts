import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { JudgeJob } from './submission-queue';

const ENQUEUE_TIMEOUT_MS = 2_000;
/** BullMQ runs jobs without a priority before any prioritized one: candidates' submissions never wait behind these. */
const BACKGROUND_PRIORITY = 100;

/**
 * Enqueues one of the judge's own runs (a publish-gate or rejudge row) behind every candidate submission, giving up
 * after 2 s without failing the caller: the row is already in PostgreSQL and the worker's reconciler enqueues it
 * later if Redis did not take it (with the same lower priority: `addBackgroundJob`).
 */
export async function enqueueBackgroundRun(queue: Queue<JudgeJob>, submissionId: string, log: Logger): Promise<void> {
  try {
    await Promise.race([
      addBackgroundJob(queue, submissionId),
      new Promise((_, reject) => setTimeout(() => reject(new Error('enqueue timed out')), ENQUEUE_TIMEOUT_MS).unref()),
    ]);
  } catch (error) {
    log.warn({ err: error, submissionId }, 'row stored but not queued; the reconciler will enqueue it');
  }
}

/** The queue job of a gate or rejudge row: same id rule as submissions, behind every candidate's. */
export function addBackgroundJob(queue: Queue<JudgeJob>, submissionId: string): Promise<unknown> {
  return queue.add('judge', { submissionId }, { jobId: submissionId, priority: BACKGROUND_PRIORITY });
}
