import type { Queue } from 'bullmq';

/**
 * Notices a BullMQ worker that has stopped taking jobs: jobs wait in the queue while this worker sits idle, for longer
 * than `stuckAfterMs`. BullMQ relies on ioredis to reconnect, and a worker can be left idle after Redis restarts
 * (taskforcesh/bullmq#2964, #3185; the maintainers' advice is to replace the worker). The caller replaces it.
 */
export function createFetchWatchdog(queue: () => Pick<Queue, 'getJobCounts'>, stuckAfterMs: number, now: () => number = Date.now) {
  let inFlight = 0;
  let lastStartedAt = now();
  let idleWithWorkSince: number | undefined;
  return {
    /** Call when the processor starts a job. */
    started(): void {
      inFlight++;
      lastStartedAt = now();
      idleWithWorkSince = undefined;
    },
    /** Call when the processor is done with a job, however it ended. */
    finished(): void {
      inFlight = Math.max(0, inFlight - 1);
    },
    /** True once jobs have waited, with this worker idle and starting nothing, for longer than `stuckAfterMs`. */
    async isStuck(): Promise<boolean> {
      if (inFlight > 0 || now() - lastStartedAt < stuckAfterMs) {
        idleWithWorkSince = undefined;
        return false;
      }
      const counts = await queue().getJobCounts('waiting', 'prioritized');
      if ((counts.waiting ?? 0) + (counts.prioritized ?? 0) === 0) {
        idleWithWorkSince = undefined;
        return false;
      }
      idleWithWorkSince ??= now();
      return now() - idleWithWorkSince >= stuckAfterMs;
    },
    /** After the worker was replaced: give the new one a full period. */
    reset(): void {
      lastStartedAt = now();
      idleWithWorkSince = undefined;
    },
  };
}
