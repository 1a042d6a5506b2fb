/**
 * @module judge-processor
 * The BullMQ processor of the judging queue: one job is one `judgeSubmission` attempt.
 */
import type { Job } from 'bullmq';
import { DOCKER_OUTAGE_RETRY_MS, DockerUnavailableError } from '../core/judging/docker-outage';
import { judgeSubmission, type JudgeDeps } from '../core/judging/judge-submission';
import type { JudgeJob } from '../core/submissions/submission-queue';
import { delayJob } from './delay-job';
import type { createFetchWatchdog } from './fetch-watchdog';

/** What the processor is given: judging's dependencies, the fetch watchdog to tell, and what to do when Docker is down. */
export interface JudgeProcessorDeps {
  judge: JudgeDeps;
  watchdog: ReturnType<typeof createFetchWatchdog>;
  /** Called when a run found the Docker Engine unreachable (the worker pauses until it answers). */
  onDockerUnavailable(): void;
}

/** Whether a run of `job` is its last: BullMQ will not retry it after this one. */
export function isFinalAttempt(job: Job): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

/**
 * The processor: judges the job's submission. During a Docker outage the job goes back to the queue (delayed) without
 * using up an attempt, so a dockerd restart never turns submissions into `internal_error`.
 */
export function createJudgeProcessor(deps: JudgeProcessorDeps): (job: Job<JudgeJob>, token?: string) => Promise<void> {
  return async (job, token) => {
    deps.watchdog.started();
    try {
      await judgeSubmission(deps.judge, { submissionId: job.data.submissionId, isFinalAttempt: isFinalAttempt(job) });
    } catch (error) {
      if (!(error instanceof DockerUnavailableError)) throw error;
      deps.onDockerUnavailable();
      await delayJob(job, token, DOCKER_OUTAGE_RETRY_MS);
    } finally {
      deps.watchdog.finished();
    }
  };
}
