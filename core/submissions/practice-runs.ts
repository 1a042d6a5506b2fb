/**
 * @module practice-runs
 * "Run public tests": a candidate's ungraded run of the public tests, stored as a `purpose = 'practice'` submissions
 * row and judged through the same queue and sandbox, with the public tests only (`core/judging/practice-tests.ts`).
 * It has its own per-minute limit and is never counted as a submission.
 */
import { randomUUID } from 'node:crypto';
import type { Queue } from 'bullmq';
import type IORedis from 'ioredis';
import type { Logger } from 'pino';
import { AppError } from '../platform/app-error';
import type { Config } from '../platform/config';
import type { Db } from '../platform/db';
import type { Principal } from '../access/authenticate';
import type { ChallengeIntake } from '../challenges/challenge-intake';
import { withTimeout } from '../platform/with-timeout';
import { reservePracticeRun } from './candidate-limits';
import { enqueueSubmission, type JudgeJob } from './submission-queue';
import { insertPracticeRun, type SubmissionRecord } from './submission-repository';
import type { SubmissionBody } from './submission-schema';
import { assertAssessmentLanguage, assertLanguageAndEntry, resolveChallenge } from './submit-solution';

const ENQUEUE_TIMEOUT_MS = 2_000;

/**
 * Starts a practice run of the candidate's files: their pinned version, inside their window (403 otherwise), within
 * `PRACTICE_RUNS_PER_MINUTE` (429 `rate_limited`). Staff have real submissions for this (403 `forbidden`).
 */
export async function startPracticeRun(
  deps: { db: Db; queue: Queue<JudgeJob>; redis: IORedis; config: Config; log: Logger },
  principal: Principal,
  body: SubmissionBody,
): Promise<{ run: SubmissionRecord; challenge: ChallengeIntake }> {
  const inviteId = principal.candidate?.invite.id;
  if (!inviteId) throw new AppError(403, 'forbidden', 'Practice runs are for candidates; staff submit to see every test.');
  const challenge = await resolveChallenge(deps, principal, body.challenge);
  assertLanguageAndEntry(challenge, body);
  assertAssessmentLanguage(principal, body);
  const id = randomUUID();
  await reservePracticeRun(deps, inviteId, id);
  const run = await insertPracticeRun(deps.db, { id, challengeId: challenge.id, language: body.language, files: body.files, inviteId });
  try {
    await withTimeout(enqueueSubmission(deps.queue, id), ENQUEUE_TIMEOUT_MS, 'enqueue timed out');
  } catch (error) {
    deps.log.warn({ submissionId: id, err: error }, 'practice run stored but not queued; the reconciler will enqueue it');
  }
  deps.log.info({ submissionId: id, challenge: challenge.slug, inviteId }, 'practice run queued');
  return { run, challenge };
}
