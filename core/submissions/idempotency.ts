import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../platform/app-error';
import type { Db } from '../platform/db';
import { queryOne } from '../platform/db';
import type { Principal } from '../access/authenticate';

const keySchema = z.string().min(1).max(255).regex(/^[\x21-\x7e]+$/, 'visible ASCII characters only');

export interface IdempotencyRequest {
  scope: string;
  key: string;
  bodyHash: string;
}

/** Reads the Idempotency-Key header: undefined when absent, a 400 when malformed. Keys are scoped to the caller. */
export function idempotencyRequest(header: string | undefined, principal: Principal, body: unknown): IdempotencyRequest | undefined {
  if (header === undefined) return undefined;
  const parsed = keySchema.safeParse(header);
  if (!parsed.success) throw new AppError(400, 'invalid_idempotency_key', `Idempotency-Key must be 1-255 visible ASCII characters.`);
  const bodyHash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
  return { scope: principal.tokenId ?? `bootstrap:${principal.role}`, key: parsed.data, bodyHash };
}

/**
 * The submission an earlier request with the same key created, if any. The same key with a different body is a
 * client bug, refused rather than silently answered with the other submission.
 */
export async function findIdempotentSubmission(db: Db, request: IdempotencyRequest): Promise<string | undefined> {
  const row = await queryOne<{ id: string; bodyHash: string }>(db,
    `SELECT id, idempotency_body_hash AS "bodyHash" FROM submissions WHERE idempotency_scope = $1 AND idempotency_key = $2`,
    [request.scope, request.key]);
  if (!row) return undefined;
  if (row.bodyHash !== request.bodyHash) {
    throw new AppError(422, 'idempotency_key_reused', 'This Idempotency-Key was already used with a different request body.');
  }
  return row.id;
}

/** True for the unique-index violation two concurrent requests with the same key produce. */
export function isIdempotencyConflict(error: unknown): boolean {
  return (error as { code?: string; constraint?: string }).code === '23505'
    && (error as { constraint?: string }).constraint === 'submissions_idempotency_idx';
}
