import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { Config } from '../core/platform/config';
import type { Db } from '../core/platform/db';
import { addBackgroundJob } from '../core/submissions/background-jobs';
import { enqueueSubmission, type JudgeJob } from '../core/submissions/submission-queue';
import { findStaleUnfinished, finishSubmission, getSubmission, touchSubmission } from '../core/submissions/submission-repository';
import { getChallengeById } from '../core/challenges/challenge-repository';
import { internalErrorResult } from '../core/results/build-result';
import { runVerdictHooks, type VerdictHook } from '../core/judging/verdict-hooks';

const LIVE_STATES = new Set(['active', 'waiting', 'delayed', 'prioritized', 'waiting-children']);

/**
 * Makes PostgreSQL and the queue agree: an unfinished submission that the queue no longer holds (Redis lost it,
 * the enqueue failed, the job failed after stalling) is enqueued again; one that has used up its attempts twice over
 * is finished as `internal_error` and `afterVerdict` runs for it (its webhook, its gate). Returns the ids it re-enqueued.
 */
export async function reconcile(db: Db, queue: Queue<JudgeJob>, config: Config, log: Logger, afterVerdict: readonly VerdictHook[]): Promise<string[]> {
  const requeued: string[] = [];
  for (const { id } of await findStaleUnfinished(db, config.RECONCILE_AFTER_MS)) {
    const job = await queue.getJob(id);
    const state = job ? await job.getState() : 'missing';
    if (LIVE_STATES.has(state)) continue;
    const submission = await getSubmission(db, id);
    if (!submission || submission.status === 'finished') continue;
    if (submission.attempts >= config.JOB_ATTEMPTS * 2) {
      const challenge = await getChallengeById(db, submission.challengeId);
      const stored = await finishSubmission(db, id, internalErrorResult(challenge?.testPlan ?? []), `gave up: ${submission.attempts} attempts without a verdict (last queue state: ${state})`);
      log.error({ submissionId: id, attempts: submission.attempts }, 'reconciler gave up on submission');
      // the assessment's webhook and the gate run hear of this verdict like of any other
      if (stored) await runVerdictHooks(afterVerdict, submission, log);
      continue;
    }
    if (job) await job.remove().catch(() => undefined);
    if (submission.purpose === 'submission' || submission.purpose === 'practice') await enqueueSubmission(queue, id);
    else await addBackgroundJob(queue, id); // gate and rejudge rows stay behind candidates
    await touchSubmission(db, id);
    requeued.push(id);
    log.warn({ submissionId: id, state }, 'reconciler re-enqueued submission');
  }
  return requeued;
}
