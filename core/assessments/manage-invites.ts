import { AppError } from '../platform/app-error';
import { inTransaction, type Db } from '../platform/db';
import type { Principal } from '../access/authenticate';
import { insertToken, type TokenRecord } from '../access/token-repository';
import type { AssessmentRecord } from './assessment-repository';
import { extendInvite, getInvite, insertInvite, revokeInvite, takenIdentities, type InviteRecord } from './invite-repository';
import { candidateTokenExpiry } from './manage-assessments';
import { MAX_EXTRA_MINUTES, type BulkInviteBody } from './assessment-schema';

/** 404 `invite_not_found` unless the invite belongs to this assessment. */
export async function inviteOf(db: Db, assessment: AssessmentRecord, inviteId: string | undefined): Promise<InviteRecord> {
  const invite = inviteId ? await getInvite(db, inviteId) : undefined;
  if (!invite || invite.assessmentId !== assessment.id) throw new AppError(404, 'invite_not_found', 'No such invite in this assessment.');
  return invite;
}

/**
 * Invites many candidates at once, all or none: when any email or external id is already invited (or two repeat each
 * other, which the schema refuses), nothing is stored and 409 `invite_exists` lists each one by its index.
 */
export async function inviteCandidates(db: Db, principal: Principal, assessment: AssessmentRecord, body: BulkInviteBody): Promise<Array<{ invite: InviteRecord; token: TokenRecord & { secret: string } }>> {
  const taken = await takenIdentities(db, assessment.id, body.invites);
  const conflicts = body.invites.flatMap((c, i) => [
    ...(taken.emails.has(c.email) ? [{ path: `invites.${i}.email`, message: `${c.email} is already invited` }] : []),
    ...(c.externalId && taken.externalIds.has(c.externalId) ? [{ path: `invites.${i}.externalId`, message: `external id ${c.externalId} is already used` }] : []),
  ]);
  if (conflicts.length) throw new AppError(409, 'invite_exists', `Nothing was stored: ${conflicts.map((c) => c.message).join('; ')}.`, conflicts);
  const expiresAt = candidateTokenExpiry(assessment.closesAt);
  // One transaction: a concurrent invite of the same email makes the whole batch fail rather than half of it stored.
  return inTransaction(db, async (client) => {
    const out = [];
    for (const c of body.invites) {
      const invite = await insertInvite(client, { assessmentId: assessment.id, ...c });
      if (!invite) throw new AppError(409, 'invite_exists', `Nothing was stored: ${c.email} was invited meanwhile.`);
      const token = await insertToken(client, {
        role: 'candidate', name: `${c.name} <${c.email}>`, inviteId: invite.id, createdBy: principal.tokenId, expiresAt,
      });
      out.push({ invite, token });
    }
    return out;
  });
}

/** Revokes an invite: its candidate's tokens stop working at once and its unused links expire. Idempotent. */
export async function revokeInviteOf(db: Db, assessment: AssessmentRecord, inviteId: string | undefined): Promise<InviteRecord> {
  const invite = await inviteOf(db, assessment, inviteId);
  return (await revokeInvite(db, invite.id))!;
}

/**
 * Gives one candidate extra minutes on their duration (at most `MAX_EXTRA_MINUTES` in all; the assessment's closing
 * time stays everyone's limit). 409 `invite_revoked`, `no_duration` (the assessment has none to extend) or
 * `extension_too_long`.
 */
export async function extendInviteOf(db: Db, assessment: AssessmentRecord, inviteId: string | undefined, minutes: number): Promise<InviteRecord> {
  const invite = await inviteOf(db, assessment, inviteId);
  if (invite.revokedAt) throw new AppError(409, 'invite_revoked', 'This invite has been revoked.');
  if (assessment.durationMinutes === null) {
    throw new AppError(409, 'no_duration', 'This assessment has no duration to extend; move its closing time instead (PATCH closesAt).');
  }
  const extended = await extendInvite(db, invite.id, minutes, MAX_EXTRA_MINUTES);
  if (!extended) {
    throw new AppError(409, 'extension_too_long', `An invite may get at most ${MAX_EXTRA_MINUTES} extra minutes in all; it has ${invite.extraMinutes}.`);
  }
  return extended;
}
