import { Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { Config } from '../core/platform/config';
import type { Metrics } from '../core/platform/metrics';
import type { Db } from '../core/platform/db';
import { createRedis } from '../core/submissions/submission-queue';
import { deliverWebhook } from '../core/webhooks/webhook-delivery';
import type { VerdictHook } from '../core/judging/verdict-hooks';
import { createWebhookQueue, enqueueWebhook, webhookQueueName, type WebhookJob } from '../core/webhooks/webhook-queue';
import { drainOutbox } from '../core/webhooks/webhook-outbox';

export interface RunningWebhookWorker {
  /** The after-verdict hook: enqueues the webhook of a candidate's or staff submission (not gate or rejudge rows); never throws. */
  enqueueWebhook: VerdictHook;
  close(): Promise<void>;
}

/**
 * Delivers assessment webhooks from their own BullMQ queue (`<QUEUE_NAME>-webhooks`): one attempt per job run,
 * each recorded in `webhook_deliveries`; BullMQ retries with exponential backoff on network failures and 5xx.
 */
export function startWebhookWorker(deps: { db: Db; config: Config; log: Logger; metrics?: Metrics }): RunningWebhookWorker {
  const { config, log } = deps;
  const connection = createRedis(config.REDIS_URL);
  const queueConnection = createRedis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
  const queue = createWebhookQueue(config, queueConnection);
  const worker = new Worker<WebhookJob>(
    webhookQueueName(config),
    async (job) => {
      const attempt = job.attemptsMade + 1;
      await deliverWebhook(deps, job.data, attempt, job.opts.attempts ?? 1);
      log.info({ ...job.data, attempt }, 'webhook delivered');
    },
    { connection, concurrency: 8 },
  );
  worker.on('completed', () => deps.metrics?.webhookDeliveries.inc({ outcome: 'delivered' }));
  worker.on('failed', (job, error) => {
    deps.metrics?.webhookDeliveries.inc({ outcome: 'failed' });
    log.warn({ ...job?.data, attempt: job?.attemptsMade, err: error }, 'webhook attempt failed');
  });
  const outbox = startOutboxTimer(deps, queue);
  worker.on('error', (error) => log.error({ err: error }, 'webhook worker error'));
  return {
    async enqueueWebhook(submission) {
      if (submission.purpose !== 'submission') return;
      try {
        await enqueueWebhook(deps.db, queue, submission.id);
      } catch (error) {
        log.warn({ err: error, submissionId: submission.id }, 'could not enqueue the webhook');
      }
    },
    async close() {
      outbox.stop();
      await worker.close();
      await queue.close();
      await connection.quit().catch(() => undefined);
      await queueConnection.quit().catch(() => undefined);
    },
  };
}

/** Drains the event outbox every `WEBHOOK_OUTBOX_POLL_MS`, one pass at a time; a failed pass logs once per streak. */
function startOutboxTimer(deps: { db: Db; config: Config; log: Logger }, queue: ReturnType<typeof createWebhookQueue>): { stop(): void } {
  let running = false;
  let failing = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    drainOutbox(deps.db, queue)
      .then((pass) => {
        failing = false;
        if (pass.finished || pass.closed || pass.enqueued) deps.log.info(pass, 'webhook outbox pass');
      }, (error: unknown) => {
        if (!failing) deps.log.warn({ err: error }, 'webhook outbox pass failed; retrying');
        failing = true;
      })
      .finally(() => { running = false; });
  }, deps.config.WEBHOOK_OUTBOX_POLL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
