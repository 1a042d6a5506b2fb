import { UnrecoverableError } from 'bullmq';
import type { Config } from '../platform/config';
import type { Db } from '../platform/db';
import { allowListOf } from './egress-policy';
import { getEventTarget } from './webhook-event-repository';
import { getWebhookTarget, insertDelivery } from './webhook-repository';
import type { WebhookJob } from './webhook-queue';
import { EgressRefusedError, postWebhook } from './webhook-post';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature';

/** A failed attempt in words, as graders read it in the deliveries list. */
function describeFailure(error: Error, timeoutMs: number): string {
  if (error instanceof EgressRefusedError) return `refused by the egress policy: ${error.message}`;
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  return `network: ${(error as NodeJS.ErrnoException).code ?? error.message}`;
}

/** What one delivery sends, wherever it came from (a finished submission or an outbox event). */
interface Delivery {
  callbackUrl: string;
  secret: string;
  payload: { event: string; assessmentId: string };
  key: { submissionId: string | null; eventId: number | null };
  label: string;
}

async function deliveryOf(db: Db, job: WebhookJob): Promise<Delivery | undefined> {
  if ('eventId' in job) {
    const target = await getEventTarget(db, job.eventId);
    return target && { callbackUrl: target.callbackUrl, secret: target.secret, payload: target.event.payload as Delivery['payload'],
      key: { submissionId: null, eventId: job.eventId }, label: `event-${job.eventId}` };
  }
  const target = await getWebhookTarget(db, job.submissionId);
  return target && { ...target, key: { submissionId: job.submissionId, eventId: null }, label: job.submissionId };
}

/**
 * Makes one delivery attempt of a webhook (a submission's or an event's) and records it. Resolves on 2xx; throws a
 * retryable error on network failures, timeouts and 5xx; throws `UnrecoverableError` (no retry) on any other answer
 * (4xx, 3xx: redirects are not followed) and when the egress policy refuses the URL or an address it resolves to.
 */
export async function deliverWebhook(deps: { db: Db; config: Config }, job: WebhookJob, attempt: number, maxAttempts: number): Promise<void> {
  const target = await deliveryOf(deps.db, job);
  if (!target) return; // a staff submission, or the assessment has no callback (any more): nothing to send
  const body = JSON.stringify(target.payload);
  const started = Date.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  let refused = false;
  try {
    const answer = await postWebhook(target.callbackUrl, body, {
      'content-type': 'application/json',
      'user-agent': 'ai-judge-webhooks/1',
      [SIGNATURE_HEADER]: signWebhook(target.secret, body),
      'X-Judge-Event': target.payload.event,
      'X-Judge-Delivery': `${target.label}/${attempt}`,
    }, { allow: allowListOf(deps.config.WEBHOOK_ALLOWED_TARGETS), timeoutMs: deps.config.WEBHOOK_TIMEOUT_MS });
    statusCode = answer.statusCode;
    if (statusCode < 200 || statusCode > 299) error = `HTTP ${statusCode}`;
  } catch (e) {
    refused = e instanceof EgressRefusedError;
    error = describeFailure(e as Error, deps.config.WEBHOOK_TIMEOUT_MS);
  }
  const ok = error === null;
  const retryable = !ok && !refused && (statusCode === null || statusCode >= 500);
  const willRetry = retryable && attempt < maxAttempts;
  await insertDelivery(deps.db, {
    assessmentId: target.payload.assessmentId, ...target.key, eventType: target.payload.event, attempt, url: target.callbackUrl,
    statusCode, ok, willRetry, error, durationMs: Date.now() - started,
  });
  if (ok) return;
  if (!retryable) throw new UnrecoverableError(`webhook refused with ${error}; not retried`);
  throw new Error(`webhook failed: ${error}`);
}
