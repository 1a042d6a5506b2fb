import { DelayedError, type Job } from 'bullmq';

/**
 * Puts a job being processed back in the queue for `ms` without using up one of its attempts; the processor must let
 * the thrown `DelayedError` propagate (BullMQ then leaves the job where `moveToDelayed` put it).
 */
export async function delayJob(job: Job, token: string | undefined, ms: number): Promise<never> {
  await job.moveToDelayed(Date.now() + ms, token);
  throw new DelayedError();
}
