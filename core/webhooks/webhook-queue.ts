import { Queue } from 'bullmq';
import type IORedis from 'ioredis';
import type { Config } from '../platform/config';
import type { Db } from '../platform/db';
import { getWebhookTarget } from './webhook-repository';

/** One webhook to deliver: a finished submission's, or an outbox event's (`webhook_events`). */
export type WebhookJob = { submissionId: string } | { eventId: number };

/** The webhook queue's name: its own queue beside the judge's, e.g. `judge-submissions-webhooks`. */
export function webhookQueueName(config: Pick<Config, 'QUEUE_NAME'>): string {
  return `${config.QUEUE_NAME}-webhooks`;
}

/**
 * The webhook delivery queue. Attempts and exponential backoff cover network failures and 5xx answers; the
 * processor fails 4xx answers for good (BullMQ's UnrecoverableError).
 */
export function createWebhookQueue(config: Config, connection: IORedis): Queue<WebhookJob> {
  return new Queue<WebhookJob>(webhookQueueName(config), {
    connection,
    defaultJobOptions: {
      attempts: config.WEBHOOK_ATTEMPTS,
      backoff: { type: 'exponential', delay: config.WEBHOOK_BACKOFF_MS },
      removeOnComplete: { count: 1_000 },
      removeOnFail: { count: 1_000 },
    },
  });
}

/** Enqueues the webhook of a finished submission when its assessment has a callback URL (once per submission). */
export async function enqueueWebhook(db: Db, queue: Queue<WebhookJob>, submissionId: string): Promise<boolean> {
  if (!(await getWebhookTarget(db, submissionId))) return false;
  await queue.add('deliver', { submissionId }, { jobId: `webhook-${submissionId}` });
  return true;
}

/** Puts outbox events on the delivery queue (one job per event, however often it is added). */
export async function enqueueEvents(queue: Queue<WebhookJob>, eventIds: number[]): Promise<void> {
  if (eventIds.length === 0) return;
  await queue.addBulk(eventIds.map((eventId) => ({ name: 'deliver', data: { eventId }, opts: { jobId: `webhook-event-${eventId}` } })));
}
