import { AppError } from '../platform/app-error';
import type { AssessmentRecord } from './assessment-repository';
import type { InviteRecord } from './invite-repository';

export type WindowState = 'not_open' | 'open' | 'closed';

/**
 * Where a candidate stands in an assessment's window. The deadline is the earlier of `closesAt` and
 * `startedAt + durationMinutes` (plus the invite's `extraMinutes`) and the candidate's finish; before the candidate's first use the duration has not started.
 */
export function candidateWindow(assessment: Pick<AssessmentRecord, 'opensAt' | 'closesAt' | 'durationMinutes'>, invite: Pick<InviteRecord, 'startedAt'> & { extraMinutes?: number; finishedAt?: Date | null }, now = new Date()): { state: WindowState; deadline: Date | null } {
  const durationEnd = invite.startedAt && assessment.durationMinutes
    ? new Date(invite.startedAt.getTime() + (assessment.durationMinutes + (invite.extraMinutes ?? 0)) * 60_000)
    : null;
  const ends = [assessment.closesAt, durationEnd, invite.finishedAt ?? null].filter((d): d is Date => d !== null);
  const deadline = ends.length ? new Date(Math.min(...ends.map((d) => d.getTime()))) : null;
  if (assessment.opensAt && now < assessment.opensAt) return { state: 'not_open', deadline };
  if (deadline && now >= deadline) return { state: 'closed', deadline };
  return { state: 'open', deadline };
}

/** Refuses a candidate's submission outside their window: 403 `assessment_not_open` or `assessment_closed`. */
export function assertWindowOpen(assessment: AssessmentRecord, invite: InviteRecord, now = new Date()): void {
  const { state, deadline } = candidateWindow(assessment, invite, now);
  if (state === 'not_open') {
    throw new AppError(403, 'assessment_not_open', `The assessment "${assessment.name}" opens at ${assessment.opensAt!.toISOString()}; submissions are accepted from then.`);
  }
  if (state === 'closed' && invite.finishedAt && invite.finishReason === 'candidate') {
    throw new AppError(403, 'assessment_finished', `You finished "${assessment.name}" at ${invite.finishedAt.toISOString()}; no more submissions are accepted. Your results stay readable.`);
  }
  if (state === 'closed') {
    const byDuration = assessment.closesAt === null || deadline!.getTime() < assessment.closesAt.getTime();
    throw new AppError(403, 'assessment_closed', byDuration
      ? `Your ${assessment.durationMinutes! + (invite.extraMinutes ?? 0)} minutes for "${assessment.name}" ended at ${deadline!.toISOString()}; no more submissions are accepted. Your results stay readable.`
      : `The assessment "${assessment.name}" closed at ${deadline!.toISOString()}; no more submissions are accepted. Your results stay readable.`);
  }
}
