import { createHash, randomBytes } from 'node:crypto';
import type { PoolClient } from 'pg';
import { Db, queryOne } from '../platform/db';

export const ROLES = ['admin', 'author', 'grader', 'candidate'] as const;
export type Role = (typeof ROLES)[number];

/** A stored bearer token, without its secret (only the sha256 of the secret is ever stored). */
export interface TokenRecord {
  id: string;
  role: Role;
  name: string;
  inviteId: string | null;
  createdBy: string | null;
  expiresAt: Date;
  revokedAt: Date | null;
  createdAt: Date;
}

const COLUMNS = `id, role, name, invite_id AS "inviteId", created_by AS "createdBy", expires_at AS "expiresAt",
  revoked_at AS "revokedAt", created_at AS "createdAt"`;

/** The sha256 of a bearer secret. */
export function tokenDigest(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

/** The sha256 (hex) of a bearer secret: what the database holds and what a lookup compares. */
export function hashToken(secret: string): string {
  return tokenDigest(secret).toString('hex');
}

/** A new random secret: 256 bits, URL-safe, with a recognisable prefix (so leaked tokens are easy to grep for). */
export function newTokenSecret(): string {
  return `jdg_${randomBytes(32).toString('base64url')}`;
}

/** Stores a new token and returns it with its secret, which is never stored and cannot be shown again. */
export async function insertToken(db: Db | PoolClient, input: { role: Role; name: string; inviteId?: string | null; createdBy: string | null; expiresAt: Date }): Promise<TokenRecord & { secret: string }> {
  const secret = newTokenSecret();
  const row = await queryOne<TokenRecord>(db,
    `INSERT INTO api_tokens (token_hash, role, name, invite_id, created_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING ${COLUMNS}`,
    [hashToken(secret), input.role, input.name, input.inviteId ?? null, input.createdBy, input.expiresAt]);
  return { ...row!, secret };
}

/** Every token, newest first, for the admin's list. */
export async function listTokens(db: Db): Promise<TokenRecord[]> {
  const { rows } = await db.query<TokenRecord>(`SELECT ${COLUMNS} FROM api_tokens ORDER BY created_at DESC LIMIT 1000`);
  return rows;
}

/** Revokes a token (idempotent); undefined when there is no such token. */
export function revokeToken(db: Db, id: string): Promise<TokenRecord | undefined> {
  return queryOne<TokenRecord>(db,
    `UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING ${COLUMNS}`, [id]);
}
