import type { Queue } from 'bullmq';
import type { Db } from '../platform/db';
import { sweepProgress } from '../assessments/progress-sweep';
import { claimPendingEvents, releaseEvents } from './webhook-event-repository';
import { enqueueEvents, type WebhookJob } from './webhook-queue';

/** Events moved from the outbox to the delivery queue per pass. */
const CLAIM = 100;

/**
 * One pass of the outbox: settle what time decided (finished candidates, closed assessments), then move every
 * recorded event onto the delivery queue. An event whose enqueue fails goes back to the outbox, so a recorded event
 * is never lost; the job id makes a repeat harmless.
 */
export async function drainOutbox(db: Db, queue: Queue<WebhookJob>): Promise<{ finished: number; closed: number; enqueued: number }> {
  const settled = await sweepProgress(db);
  let enqueued = 0;
  for (;;) {
    const ids = await claimPendingEvents(db, CLAIM);
    if (ids.length === 0) break;
    try {
      await enqueueEvents(queue, ids);
    } catch (error) {
      await releaseEvents(db, ids);
      throw error;
    }
    enqueued += ids.length;
    if (ids.length < CLAIM) break;
  }
  return { ...settled, enqueued };
}
