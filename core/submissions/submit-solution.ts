import { randomUUID } from 'node:crypto';
import type { Queue } from 'bullmq';
import type IORedis from 'ioredis';
import type { Logger } from 'pino';
import { AppError } from '../platform/app-error';
import { findPublishedChallengeIntake, getChallengeIntake, type ChallengeIntake } from '../challenges/challenge-intake';
import type { Config } from '../platform/config';
import type { Db } from '../platform/db';
import { enqueueSubmission, type JudgeJob } from './submission-queue';
import { getSubmission, insertSubmission, type SubmissionRecord } from './submission-repository';
import { withTimeout } from '../platform/with-timeout';
import { findIdempotentSubmission, isIdempotencyConflict, type IdempotencyRequest } from './idempotency';
import { assertWindowOpen } from '../assessments/assessment-window';
import type { Principal } from '../access/authenticate';
import { releaseCandidateSlot, reserveCandidateSlot } from './candidate-limits';
import type { SubmissionBody } from './submission-schema';

const ENQUEUE_TIMEOUT_MS = 2_000;

type SubmitDeps = { db: Db; queue: Queue<JudgeJob>; redis: IORedis; config: Config; log: Logger };

/**
 * The challenge version a submission is judged against: for a candidate, the version their assessment pinned
 * (inside their window only); for staff, the latest published version.
 */
export async function resolveChallenge(deps: Pick<SubmitDeps, 'db'>, principal: Principal, slug: string): Promise<ChallengeIntake> {
  const candidate = principal.candidate;
  if (!candidate) {
    const latest = await findPublishedChallengeIntake(deps.db, slug);
    if (!latest) throw new AppError(404, 'challenge_not_found', `There is no published challenge "${slug}".`);
    return latest;
  }
  assertWindowOpen(candidate.assessment, candidate.invite);
  const pinned = candidate.assessment.challenges.find((c) => c.slug === slug);
  if (!pinned) {
    const allowed = candidate.assessment.challenges.map((c) => c.slug).join(', ');
    throw new AppError(403, 'challenge_not_in_assessment', `"${slug}" is not part of your assessment; submit one of: ${allowed}.`);
  }
  const challenge = await getChallengeIntake(deps.db, pinned.challengeId);
  if (!challenge) throw new Error(`pinned challenge version ${pinned.challengeId} is missing`);
  return challenge;
}

/** Files of another language's code: a Python submission holds `.py` files and data files only. */
const NOT_PYTHON = /\.(ts|mts|cts|tsx|js|mjs|cjs|jsx)$/;

/**
 * 422 `unsupported_language` or `missing_entry_file` when the body does not fit the challenge version (a Python
 * submission with TypeScript or JavaScript files among its own is `unsupported_language` too).
 */
export function assertLanguageAndEntry(challenge: ChallengeIntake, body: Pick<SubmissionBody, 'language' | 'files'>): void {
  if (!challenge.manifest.languages.includes(body.language)) {
    throw new AppError(422, 'unsupported_language', `Challenge "${challenge.slug}" accepts ${challenge.manifest.languages.join(', ')}, not ${body.language}.`);
  }
  const entry = challenge.manifest.entry[body.language]!;
  if (!(entry in body.files)) throw new AppError(422, 'missing_entry_file', `The submission must include ${entry}.`);
  const foreign = body.language === 'python' ? Object.keys(body.files).filter((file) => NOT_PYTHON.test(file)) : [];
  if (foreign.length > 0) {
    throw new AppError(422, 'unsupported_language', `A Python submission holds .py files and data files only, not ${foreign.slice(0, 5).join(', ')}.`);
  }
}

/** 422 `unsupported_language` for a language the candidate's assessment does not allow (null: every language). */
export function assertAssessmentLanguage(principal: Principal, body: Pick<SubmissionBody, 'language'>): void {
  const allowed = principal.candidate?.assessment.languages;
  if (allowed && !allowed.includes(body.language)) {
    throw new AppError(422, 'unsupported_language', `Your assessment accepts ${allowed.join(', ')}, not ${body.language}.`);
  }
}

/**
 * Accepts a submission: checks who may submit what, stores it first (PostgreSQL is the source of truth), then
 * enqueues it. If Redis is unavailable the submission stays `queued` and the worker's reconciler enqueues it later.
 */
export async function submitSolution(deps: SubmitDeps, principal: Principal, body: SubmissionBody, idempotency?: IdempotencyRequest): Promise<{ submission: SubmissionRecord; challenge: ChallengeIntake; replayed: boolean }> {
  if (idempotency) {
    const earlier = await replay(deps, idempotency);
    if (earlier) return earlier;
  }
  const challenge = await resolveChallenge(deps, principal, body.challenge);
  assertLanguageAndEntry(challenge, body);
  assertAssessmentLanguage(principal, body);

  const id = randomUUID();
  const inviteId = principal.candidate?.invite.id ?? null;
  if (inviteId) await reserveCandidateSlot(deps, inviteId, id);
  let submission: SubmissionRecord;
  try {
    submission = await insertSubmission(deps.db, { id, challengeId: challenge.id, language: body.language, files: body.files, inviteId, idempotency });
  } catch (error) {
    if (inviteId) await releaseCandidateSlot(deps, inviteId, id);
    const earlier = idempotency && isIdempotencyConflict(error) ? await replay(deps, idempotency) : undefined;
    if (earlier) return earlier; // a concurrent request with the same key won the race
    throw error;
  }
  try {
    await withTimeout(enqueueSubmission(deps.queue, submission.id), ENQUEUE_TIMEOUT_MS, 'enqueue timed out');
    deps.log.info({ submissionId: id, challenge: challenge.slug, version: challenge.version, inviteId }, 'submission accepted and queued');
  } catch (error) {
    deps.log.warn({ submissionId: id, err: error }, 'submission stored but not queued; the reconciler will enqueue it');
  }
  return { submission, challenge, replayed: false };
}

/** The submission an earlier request with this Idempotency-Key created, answered again. */
async function replay(deps: SubmitDeps, idempotency: IdempotencyRequest) {
  const id = await findIdempotentSubmission(deps.db, idempotency);
  if (!id) return undefined;
  const submission = (await getSubmission(deps.db, id))!;
  const challenge = (await getChallengeIntake(deps.db, submission.challengeId))!;
  return { submission, challenge, replayed: true };
}
