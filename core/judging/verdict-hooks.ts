/**
 * @module verdict-hooks
 * What runs after a final verdict is stored, wherever it was stored (judging, or the reconciler giving up). The hooks
 * are wired by the worker's composition root; judging only runs them, in order, and knows nothing of what they do.
 */
import type { Logger } from 'pino';
import type { SubmissionRecord } from '../submissions/submission-repository';

/** The submission whose final verdict was just stored. */
export type FinishedSubmission = Pick<SubmissionRecord, 'id' | 'purpose' | 'gateRunId'>;

/** One piece of after-verdict work (enqueue a webhook, queue an analysis, settle a gate). */
export type VerdictHook = (submission: FinishedSubmission) => Promise<void>;

/**
 * Runs every hook in order. A hook that throws is logged and the next still runs: the verdict is stored, and what a
 * hook failed to do the reconciler or a later read catches up.
 */
export async function runVerdictHooks(hooks: readonly VerdictHook[], submission: FinishedSubmission, log: Logger): Promise<void> {
  for (const hook of hooks) {
    await hook(submission).catch((error: unknown) => log.warn({ err: error, submissionId: submission.id }, 'an after-verdict hook failed'));
  }
}
