import { Db, inTransaction, queryOne } from '../platform/db';
import { hashToken, newTokenSecret } from './token-repository';

/** A stored invite link (only the sha256 of its code is kept) with what its page shows. */
export interface InviteLinkRecord {
  id: string;
  inviteId: string;
  expiresAt: Date;
  usedAt: Date | null;
  candidateName: string;
  assessmentName: string;
  inviteRevokedAt: Date | null;
}

/** Stores a link for an invite; the code itself is never stored. */
export async function insertInviteLink(db: Db, input: { inviteId: string; codeHash: string; createdBy: string | null; expiresAt: Date }): Promise<{ id: string; expiresAt: Date }> {
  const row = await queryOne<{ id: string; expiresAt: Date }>(db,
    `INSERT INTO invite_links (invite_id, code_hash, created_by, expires_at) VALUES ($1, $2, $3, $4)
     RETURNING id, expires_at AS "expiresAt"`,
    [input.inviteId, input.codeHash, input.createdBy, input.expiresAt]);
  return row!;
}

/** The link whose code hashes to `codeHash`, used or not. */
export function findInviteLink(db: Db, codeHash: string): Promise<InviteLinkRecord | undefined> {
  return queryOne<InviteLinkRecord>(db,
    `SELECT l.id, l.invite_id AS "inviteId", l.expires_at AS "expiresAt", l.used_at AS "usedAt", i.name AS "candidateName",
       a.name AS "assessmentName", i.revoked_at AS "inviteRevokedAt"
     FROM invite_links l JOIN invites i ON i.id = l.invite_id JOIN assessments a ON a.id = i.assessment_id
     WHERE l.code_hash = $1`, [codeHash]);
}

/**
 * Uses a link once, in one transaction: marks it used (only if unused, unexpired and its invite not revoked), revokes
 * the invite's earlier candidate tokens and issues a fresh one, whose secret is returned (for the session cookie only).
 * Undefined when the link cannot be used; of two concurrent uses, one wins.
 */
export function redeemInviteLink(db: Db, codeHash: string, tokenExpiresAt: (assessmentClosesAt: Date | null) => Date): Promise<{ secret: string; expiresAt: Date } | undefined> {
  return inTransaction(db, async (client) => {
    const link = await queryOne<{ inviteId: string; name: string; email: string; closesAt: Date | null; createdBy: string | null }>(client,
      `UPDATE invite_links l SET used_at = now() FROM invites i JOIN assessments a ON a.id = i.assessment_id
       WHERE l.code_hash = $1 AND l.used_at IS NULL AND l.expires_at > now() AND i.id = l.invite_id AND i.revoked_at IS NULL
       RETURNING l.invite_id AS "inviteId", i.name, i.email, a.closes_at AS "closesAt", l.created_by AS "createdBy"`, [codeHash]);
    if (!link) return undefined;
    await client.query(`UPDATE api_tokens SET revoked_at = now() WHERE invite_id = $1 AND revoked_at IS NULL`, [link.inviteId]);
    const secret = newTokenSecret();
    const expiresAt = tokenExpiresAt(link.closesAt);
    await client.query(
      `INSERT INTO api_tokens (token_hash, role, name, invite_id, created_by, expires_at) VALUES ($1, 'candidate', $2, $3, $4, $5)`,
      [hashToken(secret), `${link.name} <${link.email}> (invite link)`, link.inviteId, link.createdBy, expiresAt]);
    return { secret, expiresAt };
  });
}
