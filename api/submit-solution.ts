import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { AppError } from '../lib/app-error';
import { findPublishedChallenge, type ChallengeRecord } from '../lib/challenge-repository';
import type { Db } from '../lib/db';
import { enqueueSubmission, type JudgeJob } from '../lib/submission-queue';
import { insertSubmission, type SubmissionRecord } from '../lib/submission-repository';
import type { SubmissionBody } from './submission-schema';

const ENQUEUE_TIMEOUT_MS = 2_000;

/**
 * Accepts a submission: stores it first (PostgreSQL is the source of truth), then enqueues it. If Redis is
 * unavailable the submission stays `queued` in PostgreSQL and the worker's reconciler enqueues it later.
 */
export async function submitSolution(deps: { db: Db; queue: Queue<JudgeJob>; log: Logger }, body: SubmissionBody): Promise<{ submission: SubmissionRecord; challenge: ChallengeRecord }> {
  const challenge = await findPublishedChallenge(deps.db, body.challenge);
  if (!challenge) throw new AppError(404, 'challenge_not_found', `There is no published challenge "${body.challenge}".`);
  if (!challenge.manifest.languages.includes(body.language)) {
    throw new AppError(422, 'unsupported_language', `Challenge "${challenge.slug}" accepts ${challenge.manifest.languages.join(', ')}, not ${body.language}.`);
  }
  const entry = challenge.manifest.entry[body.language]!;
  if (!(entry in body.files)) throw new AppError(422, 'missing_entry_file', `The submission must include ${entry}.`);

  const submission = await insertSubmission(deps.db, { challengeId: challenge.id, language: body.language, files: body.files });
  const log = deps.log.child({ submissionId: submission.id });
  try {
    await Promise.race([
      enqueueSubmission(deps.queue, submission.id),
      new Promise((_, reject) => setTimeout(() => reject(new Error('enqueue timed out')), ENQUEUE_TIMEOUT_MS).unref()),
    ]);
    log.info({ challenge: challenge.slug, version: challenge.version }, 'submission accepted and queued');
  } catch (error) {
    log.warn({ err: error }, 'submission stored but not queued; the reconciler will enqueue it');
  }
  return { submission, challenge };
}
