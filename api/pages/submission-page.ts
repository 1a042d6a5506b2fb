import type { Response } from 'express';
import { getSubmissionScope } from '../../core/assessments/assessment-repository';
import { getChallengeById } from '../../core/challenges/challenge-repository';
import type { Db } from '../../core/platform/db';
import { queueEstimate } from '../../core/submissions/queue-estimate';
import { getSubmission } from '../../core/submissions/submission-repository';
import type { TestOutcome } from '../../core/results/verdicts';
import { canReadSubmission, submissionNotFound } from '../../core/access/access-policy';
import { principalOf } from '../auth-middleware';
import { submissionView } from '../../core/submissions/submission-view';
import { submissionIdSchema } from '../../core/submissions/submission-schema';
import { html, when } from './html';
import { sendPage } from './layout';
import { progressBox, resultSummary, testsTable } from './result-view';
import { languageLabel } from './language-label';

/** The submission if the caller may read it (the same rule and 404 as the API). */
export async function readableSubmission(db: Db, res: Response, rawId: unknown) {
  const id = submissionIdSchema.safeParse(rawId);
  const scope = id.success ? await getSubmissionScope(db, id.data) : undefined;
  if (!id.success || !scope || !canReadSubmission(principalOf(res), scope)) throw submissionNotFound();
  const submission = (await getSubmission(db, id.data))!;
  const challenge = (await getChallengeById(db, submission.challengeId)) ?? { slug: 'unknown', version: 0, title: 'Unknown challenge' };
  return { submission, challenge };
}

/**
 * A candidate's submission: live progress until finished, then their result exactly as `GET /v1/submissions/:id`
 * shows it to them (public tests in full, hidden tests as counts; no output, no LLM usage).
 */
export async function candidateSubmissionPage(db: Db, res: Response, rawId: unknown): Promise<void> {
  const { submission, challenge } = await readableSubmission(db, res, rawId);
  const queue = submission.status === 'queued' ? await queueEstimate(db, submission) : undefined;
  const view = submissionView(submission, challenge, 'candidate', queue) as ReturnType<typeof submissionView> & {
    verdict?: string; score?: number; maxScore?: number; message?: string; durationMs?: number;
    tests?: TestOutcome[]; hiddenSummary?: { passed: number; total: number };
  };
  const finished = view.status === 'finished' && view.verdict !== undefined;
  const practice = submission.purpose === 'practice'; // the editor's "Run public tests": public tests only, not graded
  sendPage(res, {
    title: `${practice ? 'Practice run of' : 'Submission to'} ${challenge.title}`,
    principal: principalOf(res),
    body: html`
      <p class="muted">Submitted ${when(view.createdAt)} · ${languageLabel(view.language)} · <a href="/ui/challenges/${challenge.slug}">back to the challenge</a></p>
      ${finished ? html`<section aria-labelledby="result-h"><h2 id="result-h">Result</h2>
        ${resultSummary(view as Required<typeof view> & { verdict: string; score: number; maxScore: number; message: string; durationMs: number })}
        ${testsTable('Public tests', view.tests ?? [])}
        ${practice ? html`<p id="practice-note">A practice run: the public tests only, not graded and not a submission.</p>`
    : html`<p id="hidden-summary"><strong>Hidden tests:</strong> ${view.hiddenSummary?.passed ?? 0} of ${view.hiddenSummary?.total ?? 0} passed.
          Their names and details are shown to graders only.</p>`}</section>`
        : progressBox(view.id, view.status, queue)}`,
  });
}
