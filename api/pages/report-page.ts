import type { Response } from 'express';
import type { Db } from '../../lib/db';
import { principalOf } from '../auth-middleware';
import { submissionView } from '../present';
import { html, when } from './html';
import { sendPage } from './layout';
import { progressBox, resultSummary, testsTable } from './result-view';
import { readableSubmission } from './submission-page';

/** Staff's page of a submission. */
export async function reportPage(db: Db, res: Response, rawId: unknown): Promise<void> {
  const { submission, challenge } = await readableSubmission(db, res, rawId);
  const view = submissionView(submission, challenge, 'staff') as any;
  sendPage(res, {
    title: `Report: ${challenge.title}`,
    principal: principalOf(res),
    body: html`<p class="muted">Submitted ${when(view.createdAt)}</p>
      ${view.status === 'finished' ? html`${resultSummary(view)}${testsTable('Tests', view.tests, { visibility: true })}` : progressBox(view.id, view.status)}`,
  });
}
