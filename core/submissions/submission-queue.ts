import { Queue } from 'bullmq';
import IORedis, { RedisOptions } from 'ioredis';
import type { Config } from '../platform/config';
import { createMicroBatcher } from '../platform/micro-batch';

export interface JudgeJob {
  submissionId: string;
}

/** A Redis connection for BullMQ. Workers block forever on Redis, so they need `maxRetriesPerRequest: null`. */
export function createRedis(url: string, options: RedisOptions = {}): IORedis {
  const redis = new IORedis(url, { maxRetriesPerRequest: null, ...options });
  redis.on('error', () => undefined); // reconnects on its own; callers see failures on their commands
  return redis;
}

/**
 * The submissions queue. The job id is the submission id, so enqueuing twice (a retried request, the reconciler)
 * never judges twice. It uses `connection` (the caller opens and closes it). Attempts cover infrastructure failures; candidate failures are verdicts and never throw.
 */
export function createSubmissionQueue(
  config: Pick<Config, 'QUEUE_NAME' | 'JOB_ATTEMPTS'>,
  connection: IORedis,
): Queue<JudgeJob> {
  return new Queue<JudgeJob>(config.QUEUE_NAME, {
    connection,
    defaultJobOptions: {
      attempts: config.JOB_ATTEMPTS,
      backoff: { type: 'exponential', delay: 1_000 },
      removeOnComplete: true,
      removeOnFail: { count: 1_000 },
    },
  });
}

/** Enqueues a stored submission for judging; concurrent calls share one `addBulk` (one round trip to Redis). */
export async function enqueueSubmission(queue: Queue<JudgeJob>, submissionId: string): Promise<void> {
  let enqueue = batchedEnqueues.get(queue);
  if (!enqueue) {
    enqueue = createMicroBatcher((ids: string[]) => queue.addBulk(ids.map((id) => ({ name: 'judge', data: { submissionId: id }, opts: { jobId: id } }))));
    batchedEnqueues.set(queue, enqueue);
  }
  await enqueue(submissionId);
}

const batchedEnqueues = new WeakMap<Queue<JudgeJob>, (submissionId: string) => Promise<unknown>>();
