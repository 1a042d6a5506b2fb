import type Docker from 'dockerode';
import type { Logger } from 'pino';
import { getChallengeById } from '../challenges/challenge-repository';
import type { Config } from '../platform/config';
import type { Db } from '../platform/db';
import { finishSubmission, markRunning, requeueRunning } from '../submissions/submission-repository';
import { internalErrorResult } from '../results/build-result';
import { DockerUnavailableError, isDockerReachable } from './docker-outage';
import { InfrastructureError, judgeFiles } from './judge-files';
import type { SandboxPool } from '../../sandbox/sandbox-pool';
import { testsForPurpose } from './practice-tests';
import { runVerdictHooks, type VerdictHook } from './verdict-hooks';

export interface JudgeDeps {
  db: Db;
  docker: Docker;
  config: Config;
  log: Logger;
  workerId: string;
  /** Run in order once the final result is stored (wired by the worker's composition root). */
  afterVerdict: readonly VerdictHook[];
  pool?: SandboxPool;
}

/** Which submission to judge, and whether this is the queue's last attempt (which stores `internal_error` on failure). */
export interface JudgeAttempt {
  submissionId: string;
  isFinalAttempt: boolean;
}

/**
 * Judges one submission: marks it running, runs it in a fresh sandbox, stores exactly one final result.
 * Candidate failures become verdicts; infrastructure failures throw (BullMQ retries) until the final attempt,
 * which stores `internal_error` with the cause. While the Docker Engine is unreachable no attempt is used up: the
 * row goes back to `queued` and `DockerUnavailableError` tells the caller to put the job back in the queue.
 */
export async function judgeSubmission(deps: JudgeDeps, job: JudgeAttempt): Promise<void> {
  const { submissionId, isFinalAttempt } = job;
  const log = deps.log.child({ submissionId });
  const submission = await markRunning(deps.db, submissionId);
  if (!submission) {
    log.info('submission already finished; nothing to do');
    return;
  }
  const challenge = await getChallengeById(deps.db, submission.challengeId);
  if (!challenge) throw new InfrastructureError(`challenge version ${submission.challengeId} is missing`);
  log.info({ attempt: submission.attempts, challenge: challenge.slug, version: challenge.version }, 'judging');
  try {
    const judgeable = testsForPurpose(submission.purpose, { manifest: challenge.manifest, tests: challenge.package.tests, plan: challenge.testPlan });
    const result = await judgeFiles(deps, judgeable, submission.language, submission.files, { 'ai-judge.submission': submissionId, 'ai-judge.worker': deps.workerId });
    const stored = await finishSubmission(deps.db, submissionId, result);
    log.info({ verdict: result.verdict, score: result.score, maxScore: result.maxScore, durationMs: result.durationMs, stored }, 'judged');
    if (stored) await runVerdictHooks(deps.afterVerdict, submission, log);
  } catch (error) {
    if (!(await isDockerReachable(deps.docker))) {
      await requeueRunning(deps.db, submissionId);
      log.info({ err: error }, 'the Docker Engine is unreachable; the submission waits in the queue');
      throw new DockerUnavailableError(`the Docker Engine is unreachable: ${(error as Error).message}`);
    }
    log.warn({ err: error, isFinalAttempt }, 'judging failed on infrastructure');
    if (!isFinalAttempt) throw error;
    const stored = await finishSubmission(deps.db, submissionId, internalErrorResult(testsForPurpose(submission.purpose, { manifest: challenge.manifest, tests: [], plan: challenge.testPlan }).plan), (error as Error).stack ?? String(error));
    if (stored) await runVerdictHooks(deps.afterVerdict, submission, log);
    log.error({ verdict: 'internal_error' }, 'gave up after the last attempt');
  }
}
