import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import type { Logger } from 'pino';
import { getChallengeById } from '../lib/challenge-repository';
import type { Config } from '../lib/config';
import type { Db } from '../lib/db';
import { finishSubmission, markRunning } from '../lib/submission-repository';
import { type HarnessPayload, unframeReport } from '../sandbox/harness/protocol';
import { runInSandbox } from '../sandbox/run-in-sandbox';
import { buildResult, internalErrorResult } from './build-result';

export interface JudgeDeps {
  db: Db;
  docker: Docker;
  config: Config;
  log: Logger;
  workerId: string;
}

/** Memory the harness itself needs on top of the candidate's limit. */
const HARNESS_MEMORY_MB = 192;
/** Exit code the harness uses when it fails on its own (a judge bug, not a candidate failure). */
const HARNESS_FAILURE_EXIT = 70;

/** An infrastructure failure: retried, and recorded as `internal_error` when retries run out. */
export class InfrastructureError extends Error {}

/**
 * Judges one submission: marks it running, runs it in a fresh sandbox, stores exactly one final result.
 * Candidate failures become verdicts; infrastructure failures throw (BullMQ retries) until the final attempt,
 * which stores `internal_error` with the cause.
 */
export async function judgeSubmission(deps: JudgeDeps, submissionId: string, isFinalAttempt: boolean): Promise<void> {
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
    const { config } = deps;
    const limits = challenge.manifest.limits;
    const wallTimeMs = Math.min(limits.wallTimeMs, config.MAX_WALL_TIME_MS);
    const memoryMb = Math.min(limits.memoryMb, config.MAX_MEMORY_MB);
    const nonce = randomBytes(24).toString('hex');
    const payload: HarnessPayload = {
      nonce,
      language: submission.language,
      entry: challenge.manifest.entry[submission.language]!,
      files: submission.files,
      tests: challenge.package.tests,
      limits: { testTimeoutMs: Math.min(limits.testTimeoutMs, config.MAX_TEST_TIMEOUT_MS), memoryMb, outputLimitBytes: config.SANDBOX_OUTPUT_LIMIT_BYTES },
    };
    const outcome = await runInSandbox(deps.docker, {
      image: config.SANDBOX_IMAGE,
      stdin: JSON.stringify(payload),
      wallTimeMs,
      outputLimitBytes: config.SANDBOX_OUTPUT_LIMIT_BYTES + 4 * 1024 * 1024,
      limits: { memoryMb: memoryMb + HARNESS_MEMORY_MB, cpus: config.SANDBOX_CPUS, pids: config.SANDBOX_PIDS, tmpfsMb: config.SANDBOX_TMPFS_MB },
      labels: { 'ai-judge.submission': submissionId, 'ai-judge.worker': deps.workerId },
      onCreated: (containerId) => log.debug({ containerId }, 'container created'),
    });
    const report = unframeReport(nonce, outcome.stdout);
    if (report?.harnessError) throw new InfrastructureError(report.harnessError);
    if (!report && outcome.exitCode === HARNESS_FAILURE_EXIT) throw new InfrastructureError(`harness failed: ${outcome.stderr.slice(0, 2000)}`);
    const result = buildResult(challenge.testPlan, outcome, report, { wallTimeMs });
    const stored = await finishSubmission(deps.db, submissionId, result);
    log.info({ verdict: result.verdict, score: result.score, maxScore: result.maxScore, durationMs: outcome.durationMs, stored }, 'judged');
  } catch (error) {
    log.warn({ err: error, isFinalAttempt }, 'judging failed on infrastructure');
    if (!isFinalAttempt) throw error;
    await finishSubmission(deps.db, submissionId, internalErrorResult(challenge.testPlan), (error as Error).stack ?? String(error));
    log.error({ verdict: 'internal_error' }, 'gave up after the last attempt');
  }
}
