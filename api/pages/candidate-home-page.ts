import type { Response } from 'express';
import { listAssessmentSubmissions } from '../../core/assessments/assessment-repository';
import type { Db } from '../../core/platform/db';
import { candidateWindow } from '../../core/assessments/assessment-window';
import { principalOf } from '../auth-middleware';
import { html, num, when } from './html';
import { sendPage } from './layout';
import { statusText } from './result-view';

/** A candidate's home: the assessment's challenges, the deadline, and their own submissions. */
export async function candidateHome(db: Db, res: Response): Promise<void> {
  const principal = principalOf(res);
  const { invite, assessment } = principal.candidate!;
  const { state, deadline } = candidateWindow(assessment, invite);
  const mine = (await listAssessmentSubmissions(db, assessment.id)).filter((s) => s.inviteId === invite.id);
  const STATE = { not_open: `opens ${when(assessment.opensAt)}`, open: 'open', closed: 'closed' } as const;
  sendPage(res, {
    title: assessment.name,
    principal,
    body: html`
      <p>Hello ${invite.name}. This assessment is <strong>${STATE[state]}</strong>${deadline ? html`; your deadline is <time datetime="${deadline.toISOString()}">${when(deadline)}</time>` : ''}.</p>
      <h2>Challenges</h2>
      <ul class="cards">${assessment.challenges.map((c) => html`
        <li><a href="/ui/challenges/${c.slug}">${c.title}</a> <span class="muted">(${c.slug}, version ${c.version})</span></li>`)}
      </ul>
      <h2>Your submissions</h2>
      ${mine.length === 0 ? html`<p>None yet.</p>` : html`
      <div class="scroll"><table>
        <caption>Your submissions, newest first</caption>
        <thead><tr><th scope="col">Submitted</th><th scope="col">Challenge</th><th scope="col">Status</th><th scope="col">Score</th></tr></thead>
        <tbody>${mine.map((s) => html`<tr>
          <td><a href="/ui/submissions/${s.id}">${when(s.createdAt)}</a></td><td>${s.challenge.slug}</td>
          <td>${statusText(s.status, s.verdict)}</td><td>${s.score === null ? '—' : `${num(s.score, 1)} / ${num(s.maxScore, 1)}`}</td></tr>`)}
        </tbody></table></div>`}`,
  });
}
