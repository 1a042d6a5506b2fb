import { AppError } from '../platform/app-error';
import type { AssessmentRecord } from '../assessments/assessment-repository';
import type { Role } from './token-repository';
import type { Principal } from './authenticate';

/** Roles that see everything of what they may read (hidden tests, outputs, the internal error cause). */
export const STAFF: readonly Role[] = ['admin', 'author', 'grader'];
export const EVERY_ROLE: readonly Role[] = ['admin', 'author', 'grader', 'candidate'];

/** Whether a caller sees a submission as staff (everything) or as its candidate (public tests, hidden counts). */
export type Viewer = 'staff' | 'candidate';

export function viewerOf(principal: Principal): Viewer {
  return principal.role === 'candidate' ? 'candidate' : 'staff';
}

/** Admins and graders read every assessment; an author reads only the ones their token created. */
export function canReadAssessment(principal: Principal, assessment: Pick<AssessmentRecord, 'createdBy'>): boolean {
  if (principal.role === 'admin' || principal.role === 'grader') return true;
  return principal.role === 'author' && principal.tokenId !== null && assessment.createdBy === principal.tokenId;
}

/**
 * A candidate reads only their invite's submissions; admins and graders read all; an author reads staff submissions
 * and those of their own assessments.
 */
export function canReadSubmission(principal: Principal, scope: { inviteId: string | null; createdBy: string | null }): boolean {
  if (principal.role === 'candidate') return scope.inviteId !== null && scope.inviteId === principal.candidate?.invite.id;
  if (principal.role === 'author') return scope.inviteId === null || canReadAssessment(principal, scope);
  return true;
}

/** 404 for an assessment the caller may not see: its existence is not revealed. */
export function assessmentNotFound(): AppError {
  return new AppError(404, 'assessment_not_found', 'No such assessment.');
}

export function submissionNotFound(): AppError {
  return new AppError(404, 'submission_not_found', 'No such submission.');
}
