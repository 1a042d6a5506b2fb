import { randomBytes } from 'node:crypto';
import type { Db } from '../platform/db';
import { AppError } from '../platform/app-error';
import type { Principal } from '../access/authenticate';
import { hashToken } from '../access/token-repository';
import { findInviteLink, insertInviteLink, redeemInviteLink } from '../access/invite-link-repository';
import type { AssessmentRecord } from './assessment-repository';
import { inviteOf } from './manage-invites';
import { candidateTokenExpiry } from './manage-assessments';

/** How long an invite link works before it is used. */
export const INVITE_LINK_HOURS = 72;

/** Invite codes: 192 random bits, URL-safe, with a prefix of their own (they are not tokens). */
const CODE = /^inv_[A-Za-z0-9_-]{32}$/;

/**
 * Makes a single-use sign-in link for an invite: `/ui/invite/<code>`. Only the code's sha256 is stored; the code is
 * returned once. 409 `invite_revoked` for a revoked invite.
 */
export async function createInviteLink(db: Db, principal: Principal, assessment: AssessmentRecord, inviteId: string | undefined): Promise<{ path: string; expiresAt: Date }> {
  const invite = await inviteOf(db, assessment, inviteId);
  if (invite.revokedAt) throw new AppError(409, 'invite_revoked', 'This invite has been revoked.');
  const code = `inv_${randomBytes(24).toString('base64url')}`;
  const link = await insertInviteLink(db, {
    inviteId: invite.id, codeHash: hashToken(code), createdBy: principal.tokenId, expiresAt: new Date(Date.now() + INVITE_LINK_HOURS * 3_600_000),
  });
  return { path: `/ui/invite/${code}`, expiresAt: link.expiresAt };
}

/** Where a link stands, for its page: usable (with whom it invites), or why not. */
export type InviteLinkState =
  | { state: 'usable'; candidateName: string; assessmentName: string; expiresAt: Date }
  | { state: 'used' | 'expired' | 'revoked' | 'unknown' };

/** Looks a code up without using it. */
export async function inspectInviteLink(db: Db, code: string): Promise<InviteLinkState> {
  const link = CODE.test(code) ? await findInviteLink(db, hashToken(code)) : undefined;
  if (!link) return { state: 'unknown' };
  if (link.usedAt) return { state: 'used' };
  if (link.inviteRevokedAt) return { state: 'revoked' };
  if (link.expiresAt <= new Date()) return { state: 'expired' };
  return { state: 'usable', candidateName: link.candidateName, assessmentName: link.assessmentName, expiresAt: link.expiresAt };
}

/**
 * Uses a link: the invite's earlier candidate tokens are revoked and a fresh one is issued, for the session cookie only
 * (the caller never shows it). Undefined when the link is used, expired, revoked or unknown.
 */
export function redeemInvite(db: Db, code: string): Promise<{ secret: string; expiresAt: Date } | undefined> {
  if (!CODE.test(code)) return Promise.resolve(undefined);
  return redeemInviteLink(db, hashToken(code), candidateTokenExpiry);
}
