import { AppError } from '../platform/app-error';
import type { Db } from '../platform/db';
import { findPublishedChallenge } from '../challenges/challenge-repository';
import { newWebhookSecret } from '../webhooks/webhook-signature';
import { noticeClosedNow } from './progress-sweep';
import { closeAssessmentNow, updateAssessment, type AssessmentChanges, type AssessmentRecord } from './assessment-repository';
import { anyInviteStarted } from './invite-repository';
import { assertCallbackAllowed } from './manage-assessments';
import type { AssessmentPatch } from './assessment-schema';

/** The published version of each slug, in order; 404 `challenge_not_found` naming the first that has none. */
export async function pinnableChallenges(db: Db, slugs: string[]): Promise<Array<{ slug: string; challengeId: number }>> {
  const pins = [];
  for (const slug of slugs) {
    const challenge = await findPublishedChallenge(db, slug);
    if (!challenge) throw new AppError(404, 'challenge_not_found', `There is no published challenge "${slug}".`);
    pins.push({ slug, challengeId: challenge.id });
  }
  return pins;
}

const pick = <T>(patched: T | undefined, current: T): T => (patched === undefined ? current : patched);
const dateOf = (at: string | null | undefined, current: Date | null) => (at === undefined ? current : at === null ? null : new Date(at));

/** 400 `validation_failed` when the merged window is out of order (the same rule as creating). */
function assertWindowOrdered(opensAt: Date | null, closesAt: Date | null): void {
  if (opensAt && closesAt && opensAt >= closesAt) {
    throw new AppError(400, 'validation_failed', 'The request body is invalid: closesAt: must be after opensAt', [{ path: 'closesAt', message: 'must be after opensAt' }]);
  }
}

/**
 * Edits an assessment: the fields given replace the stored ones (`null` clears). The callback URL must pass the egress
 * policy; a first callback URL gets a new webhook secret (returned once, as at creation), removing it drops the
 * secret. The challenges are re-pinned at their current versions, and only while no candidate has started
 * (409 `assessment_started`): a started candidate's task never changes.
 */
export async function editAssessment(deps: { db: Db; allowedTargets: string }, assessment: AssessmentRecord, patch: AssessmentPatch): Promise<{ assessment: AssessmentRecord; newWebhookSecret?: string }> {
  const { db } = deps;
  assertCallbackAllowed(patch.callbackUrl, deps.allowedTargets);
  const opensAt = dateOf(patch.opensAt, assessment.opensAt);
  const closesAt = dateOf(patch.closesAt, assessment.closesAt);
  assertWindowOrdered(opensAt, closesAt);
  const changes: AssessmentChanges = {
    name: pick(patch.name, assessment.name), opensAt, closesAt,
    durationMinutes: pick(patch.durationMinutes, assessment.durationMinutes),
    callbackUrl: pick(patch.callbackUrl, assessment.callbackUrl),
    webhookSecret: assessment.webhookSecret,
    languages: pick(patch.languages, assessment.languages),
    finalSubmission: pick(patch.finalSubmission, assessment.finalSubmission),
  };
  if (changes.callbackUrl === null) changes.webhookSecret = null;
  const fresh = changes.callbackUrl !== null && assessment.webhookSecret === null ? newWebhookSecret() : undefined;
  if (fresh) changes.webhookSecret = fresh;
  if (patch.challenges && !sameSlugs(patch.challenges, assessment)) {
    if (await anyInviteStarted(db, assessment.id)) {
      throw new AppError(409, 'assessment_started', 'A candidate has started this assessment: its challenges can no longer change (the other fields can).');
    }
    changes.challenges = await pinnableChallenges(db, patch.challenges);
  }
  const updated = await updateAssessment(db, assessment.id, changes);
  return { assessment: updated, ...(fresh ? { newWebhookSecret: fresh } : {}) };
}

function sameSlugs(slugs: string[], assessment: AssessmentRecord): boolean {
  return slugs.join(',') === assessment.challenges.map((c) => c.slug).join(',');
}

/** Closes an assessment early: `closesAt` becomes now, so later submissions are 403 `assessment_closed`. */
export async function closeAssessment(db: Db, assessment: AssessmentRecord): Promise<AssessmentRecord> {
  const closed = await closeAssessmentNow(db, assessment.id);
  await noticeClosedNow(db, assessment.id);
  return closed;
}
