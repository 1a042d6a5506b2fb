import { UnrecoverableError } from 'bullmq';
import type { Config } from '../platform/config';
import type { Db } from '../platform/db';
import { getWebhookTarget, insertDelivery } from './webhook-repository';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature';

/**
 * Makes one delivery attempt of a submission's webhook and records it. Resolves on 2xx; throws a retryable error on
 * network failures, timeouts and 5xx; throws `UnrecoverableError` (no retry) on any other answer (4xx, 3xx).
 */
export async function deliverWebhook(deps: { db: Db; config: Config }, submissionId: string, attempt: number, maxAttempts: number): Promise<void> {
  const target = await getWebhookTarget(deps.db, submissionId);
  if (!target) return; // the submission is a staff one or its assessment has no callback: nothing to send
  const body = JSON.stringify(target.payload);
  const started = Date.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const response = await fetch(target.callbackUrl, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(deps.config.WEBHOOK_TIMEOUT_MS),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'ai-judge-webhooks/1',
        [SIGNATURE_HEADER]: signWebhook(target.secret, body),
        'X-Judge-Event': target.payload.event,
        'X-Judge-Delivery': `${submissionId}/${attempt}`,
      },
      body,
    });
    statusCode = response.status;
    await response.body?.cancel().catch(() => undefined);
    if (!response.ok) error = `HTTP ${response.status}`;
  } catch (e) {
    // fetch's cause is undici's socket or DNS Error, which stringifies as "Error: connect ECONNREFUSED …".
    // eslint-disable-next-line @typescript-eslint/no-base-to-string, @typescript-eslint/restrict-template-expressions -- see above
    error = (e as Error).name === 'TimeoutError' ? `no answer within ${deps.config.WEBHOOK_TIMEOUT_MS} ms` : `network: ${(e as Error).cause ?? (e as Error).message}`;
  }
  const ok = error === null;
  const retryable = !ok && (statusCode === null || statusCode >= 500);
  const willRetry = retryable && attempt < maxAttempts;
  await insertDelivery(deps.db, {
    assessmentId: target.payload.assessmentId, submissionId, attempt, url: target.callbackUrl,
    statusCode, ok, willRetry, error, durationMs: Date.now() - started,
  });
  if (ok) return;
  if (!retryable) throw new UnrecoverableError(`webhook refused with ${error}; not retried`);
  throw new Error(`webhook failed: ${error}`);
}
