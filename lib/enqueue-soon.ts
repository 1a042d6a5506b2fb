import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { enqueueSubmission, type JudgeJob } from './submission-queue';

const ENQUEUE_TIMEOUT_MS = 2_000;

/**
 * Enqueues a stored row, giving up after 2 s without failing the caller: the row is already in PostgreSQL and the
 * worker's reconciler enqueues it later if Redis did not take it.
 */
export async function enqueueSoon(queue: Queue<JudgeJob>, submissionId: string, log: Logger): Promise<void> {
  try {
    await Promise.race([
      enqueueSubmission(queue, submissionId),
      new Promise((_, reject) => setTimeout(() => reject(new Error('enqueue timed out')), ENQUEUE_TIMEOUT_MS).unref()),
    ]);
  } catch (error) {
    log.warn({ err: error, submissionId }, 'row stored but not queued; the reconciler will enqueue it');
  }
}
