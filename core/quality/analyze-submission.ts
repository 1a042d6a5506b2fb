/**
 * @module analyze-submission
 * The `analyze` job: the code-quality analysis of a finished submission, stored in `submission_quality`.
 * It runs after the verdict is stored, so it never delays a verdict.
 */
import type Docker from 'dockerode';
import type { Logger } from 'pino';
import type { Config } from '../platform/config';
import type { Db } from '../platform/db';
import { getQuality, saveQuality } from './quality-repository';
import { getSubmission } from '../submissions/submission-repository';
import { getChallengeById } from '../challenges/challenge-repository';
import { DockerUnavailableError, isDockerReachable } from '../judging/docker-outage';
import { runQualityInSandbox } from './run-quality';

export interface AnalyzeDeps {
  db: Db;
  docker: Docker;
  config: Config;
  log: Logger;
  workerId: string;
}

/**
 * Analyses one submission once. Infrastructure failures throw (BullMQ retries) until the final attempt, which stores
 * a `failed` row with the cause, so an analysis is never silently lost. While the Docker Engine is unreachable it throws
 * `DockerUnavailableError`, which uses up no attempt.
 */
export async function analyzeSubmission(deps: AnalyzeDeps, job: { submissionId: string; isFinalAttempt: boolean }): Promise<void> {
  const { submissionId, isFinalAttempt } = job;
  const log = deps.log.child({ submissionId, job: 'analyze' });
  if ((await getQuality(deps.db, submissionId))?.status === 'done') return;
  const submission = await getSubmission(deps.db, submissionId);
  if (!submission || submission.status !== 'finished') {
    log.info('not finished (or gone); nothing to analyse yet');
    return;
  }
  try {
    const challenge = await getChallengeById(deps.db, submission.challengeId);
    const outcome = await runQualityInSandbox(deps, submission.files, { 'ai-judge.submission': submissionId, 'ai-judge.worker': deps.workerId }, submission.language, challenge?.manifest.quality);
    await saveQuality(deps.db, submissionId, outcome);
    log.info({ status: outcome.status, durationMs: outcome.durationMs, headline: outcome.status === 'done' ? outcome.analysis.headline : undefined }, 'analysed');
  } catch (error) {
    if (!(await isDockerReachable(deps.docker))) throw new DockerUnavailableError(`the Docker Engine is unreachable: ${(error as Error).message}`);
    log.warn({ err: error, isFinalAttempt }, 'analysis failed on infrastructure');
    if (!isFinalAttempt) throw error;
    await saveQuality(deps.db, submissionId, { status: 'failed', error: (error as Error).stack ?? String(error), durationMs: null });
  }
}
