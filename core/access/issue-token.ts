import type { Db } from '../platform/db';
import type { Principal } from './authenticate';
import { insertToken, type TokenRecord } from './token-repository';
import { DEFAULT_TOKEN_DAYS, type TokenBody } from './token-schema';

/** Issues an admin, author or grader token (default expiry 90 days); the secret is returned only here. */
export function issueStaffToken(db: Db, principal: Principal, body: TokenBody): Promise<TokenRecord & { secret: string }> {
  const expiresAt = body.expiresAt ? new Date(body.expiresAt) : new Date(Date.now() + DEFAULT_TOKEN_DAYS * 86_400_000);
  return insertToken(db, { role: body.role, name: body.name, createdBy: principal.tokenId, expiresAt });
}
