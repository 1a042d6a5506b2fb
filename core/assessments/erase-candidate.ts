import { z } from 'zod';
import { AppError } from '../platform/app-error';
import type { Db } from '../platform/db';
import type { Principal } from '../access/authenticate';
import type { AssessmentRecord } from './assessment-repository';
import { deleteUnusedInvite, eraseInvite, unfinishedRuns, type ErasureRecord } from './erasure-repository';
import { inviteOf } from './manage-invites';

/** The body of `POST /v1/assessments/:id/invites/:inviteId/erase`. */
export const erasureBodySchema = z.object({
  reason: z.string().trim().min(1).max(500).optional()
    .meta({ description: 'Why (e.g. the candidate\'s request reference); kept in the audit record. Write no personal data here.' }),
}).strict();

export type ErasureBody = z.infer<typeof erasureBodySchema>;

/**
 * Erases a candidate: their invite and everything of it (code, results, reports, deliveries, events, drafts, tokens,
 * links); the audit record keeps who, when, why and how much. 409 `runs_in_progress` while a run of theirs is queued or running.
 */
export async function eraseCandidate(db: Db, principal: Principal, assessment: AssessmentRecord, inviteId: string | undefined, body: ErasureBody): Promise<ErasureRecord> {
  const invite = await inviteOf(db, assessment, inviteId);
  const pending = await unfinishedRuns(db, invite.id);
  if (pending > 0) {
    throw new AppError(409, 'runs_in_progress', `${pending} run(s) of this candidate are still queued or running; erase once they finish (usually seconds).`);
  }
  return eraseInvite(db, { inviteId: invite.id, assessmentId: assessment.id, erasedBy: principal.tokenId, erasedByName: principal.name, reason: body.reason ?? null });
}

/** Deletes an invite made by mistake: only one nobody used (409 `invite_in_use` otherwise: erase it instead). */
export async function deleteInviteOf(db: Db, assessment: AssessmentRecord, inviteId: string | undefined): Promise<void> {
  const invite = await inviteOf(db, assessment, inviteId);
  if (!(await deleteUnusedInvite(db, invite.id))) {
    throw new AppError(409, 'invite_in_use', 'This invite was used (started, drafted or submitted): erase it instead (POST …/erase), which keeps an audit record.');
  }
}
