import { UnrecoverableError } from 'bullmq';
import type { Config } from '../platform/config';
import type { Db } from '../platform/db';
import { allowListOf } from './egress-policy';
import { getWebhookTarget, insertDelivery } from './webhook-repository';
import { EgressRefusedError, postWebhook } from './webhook-post';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature';

/** A failed attempt in words, as graders read it in the deliveries list. */
function describeFailure(error: Error, timeoutMs: number): string {
  if (error instanceof EgressRefusedError) return `refused by the egress policy: ${error.message}`;
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  return `network: ${(error as NodeJS.ErrnoException).code ?? error.message}`;
}

/**
 * Makes one delivery attempt of a submission's webhook and records it. Resolves on 2xx; throws a retryable error on
 * network failures, timeouts and 5xx; throws `UnrecoverableError` (no retry) on any other answer (4xx, 3xx: redirects are not followed) and when the
 * egress policy refuses the URL or an address it resolves to.
 */
export async function deliverWebhook(deps: { db: Db; config: Config }, submissionId: string, attempt: number, maxAttempts: number): Promise<void> {
  const target = await getWebhookTarget(deps.db, submissionId);
  if (!target) return; // the submission is a staff one or its assessment has no callback: nothing to send
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
      'X-Judge-Delivery': `${submissionId}/${attempt}`,
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
    assessmentId: target.payload.assessmentId, submissionId, attempt, url: target.callbackUrl,
    statusCode, ok, willRetry, error, durationMs: Date.now() - started,
  });
  if (ok) return;
  if (!retryable) throw new UnrecoverableError(`webhook refused with ${error}; not retried`);
  throw new Error(`webhook failed: ${error}`);
}
