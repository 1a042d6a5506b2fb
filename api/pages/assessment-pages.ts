import type { Request, Response } from 'express';
import { listAssessmentSubmissions, listAssessments } from '../../core/assessments/assessment-repository';
import type { Db } from '../../core/platform/db';
import { listInvites } from '../../core/assessments/invite-repository';
import { VERDICTS } from '../../core/results/verdicts';
import { principalOf } from '../auth-middleware';
import { readableAssessment } from '../../core/assessments/manage-assessments';
import { uuidSchema } from '../../core/assessments/assessment-schema';
import { COHORT_CAP, loadFigures } from '../../core/reports/submission-figures';
import { html, num, usd, when } from './html';
import { sendPage } from './layout';
import { statusText, verdictBadge } from './result-view';

/** The assessments the caller may read (an author sees their own), with links to their submissions. */
export async function assessmentListPage(db: Db, res: Response): Promise<void> {
  const principal = principalOf(res);
  const assessments = await listAssessments(db, principal.role === 'author' ? principal.tokenId : undefined);
  sendPage(res, {
    title: 'Assessments',
    principal,
    body: html`${principal.role === 'grader' ? '' : html`<p><a href="/ui/assessments/new" class="button">New assessment</a></p>`}
      ${assessments.length === 0 ? html`<p>No assessments yet.</p>` : html`<div class="scroll"><table>
      <caption>Assessments, newest first</caption>
      <thead><tr><th scope="col">Name</th><th scope="col">Challenges</th><th scope="col">Opens</th><th scope="col">Closes</th><th scope="col">Created</th><th scope="col">Candidates</th></tr></thead>
      <tbody>${assessments.map((a) => html`<tr>
        <th scope="row"><a href="/ui/assessments/${a.id}">${a.name}</a></th>
        <td>${a.challenges.map((c) => `${c.slug} v${c.version}`).join(', ')}</td>
        <td>${when(a.opensAt)}</td><td>${when(a.closesAt)}</td><td>${when(a.createdAt)}</td>
        <td><a href="/ui/assessments/${a.id}/invites">Candidates</a></td></tr>`)}
      </tbody></table></div>`}`,
  });
}

function select(name: string, label: string, options: readonly string[], chosen: string) {
  return html`<div><label for="f-${name}">${label}</label>
    <select id="f-${name}" name="${name}"><option value="">All</option>${options.map((o) => html`<option value="${o}" ${o === chosen ? 'selected' : ''}>${o}</option>`)}</select></div>`;
}

/** A sortable column header: the client script sorts by each cell's `data-sort` value. */
export function sortable(label: string, type: 'num' | 'text') {
  return html`<th scope="col" aria-sort="none" data-sort-type="${type}"><button type="button" class="sort">${label}</button></th>`;
}

/**
 * Every candidate submission of an assessment, filterable (challenge, verdict, status; in the query string) and
 * sortable in the browser by score, verdict, quality and LLM cost. Quality shows "—" until its analysis exists.
 */
export async function assessmentSubmissionsPage(db: Db, req: Request, res: Response): Promise<void> {
  const principal = principalOf(res);
  const id = uuidSchema.safeParse(req.params.id);
  const assessment = await readableAssessment(db, principal, id.success ? id.data : undefined);
  const q = (k: string) => (typeof req.query[k] === 'string' ? String(req.query[k]) : '');
  const filter = { challenge: q('challenge'), verdict: q('verdict'), status: q('status') };
  const names = new Map((await listInvites(db, assessment.id)).map((i) => [i.id, i.name]));
  const rows = (await listAssessmentSubmissions(db, assessment.id)).filter((s) => (!filter.challenge || s.challenge.slug === filter.challenge)
    && (!filter.verdict || s.verdict === filter.verdict) && (!filter.status || s.status === filter.status));
  const figures = await loadFigures(db, rows);
  sendPage(res, {
    title: `Submissions: ${assessment.name}`,
    principal,
    body: html`
      <p><a href="/ui/assessments/${assessment.id}/invites">Candidates and invites</a> · <a href="/ui/assessments/${assessment.id}/similarity">Similarity across the cohort</a> · <a href="/ui/assessments/${assessment.id}/compare">Compare candidates</a></p>
      ${principal.role === 'grader' ? '' : html`<p>Rejudge these submissions on another version: pick it on
        ${assessment.challenges.map((c, i) => html`${i ? ', ' : ''}<a href="/ui/challenges/${c.slug}/versions">${c.slug}'s versions</a>`)}
        (each version's page offers this assessment as the source).</p>`}
      <form method="get" class="filters" aria-label="Filter submissions">
        ${select('challenge', 'Challenge', assessment.challenges.map((c) => c.slug), filter.challenge)}
        ${select('verdict', 'Verdict', VERDICTS, filter.verdict)}
        ${select('status', 'Status', ['queued', 'running', 'finished'], filter.status)}
        <div><button type="submit">Filter</button> <a href="/ui/assessments/${assessment.id}">Clear</a></div>
      </form>
      ${rows.length > COHORT_CAP ? html`<p class="muted">Cost and quality are shown for the newest ${COHORT_CAP} submissions.</p>` : ''}
      <div class="scroll"><table id="submissions" class="sortable">
        <caption>${rows.length} submission${rows.length === 1 ? '' : 's'}; sort with the column buttons</caption>
        <thead><tr><th scope="col">Candidate</th><th scope="col">Challenge</th>${sortable('Verdict', 'text')}${sortable('Score', 'num')}
          ${sortable('Quality issues', 'num')}${sortable('LLM cost (USD)', 'num')}${sortable('Submitted', 'text')}<th scope="col">Report</th></tr></thead>
        <tbody>${rows.map((s) => {
          const f = figures.get(s.id);
          const pct = s.score !== null && s.maxScore ? (100 * s.score) / s.maxScore : null;
          return html`<tr>
            <th scope="row">${names.get(s.inviteId) ?? s.inviteId}</th><td>${s.challenge.slug} v${s.challenge.version}</td>
            <td data-sort="${s.verdict ?? s.status}">${s.status === 'finished' ? verdictBadge(s.verdict) : statusText(s.status, s.verdict)}</td>
            <td class="num" data-sort="${pct ?? -1}">${s.score === null ? '—' : `${num(s.score, 1)} / ${num(s.maxScore, 1)}`}</td>
            <td class="num" data-sort="${f?.qualityIssues ?? -1}">${num(f?.qualityIssues)}</td>
            <td class="num" data-sort="${f?.costUsd ?? -1}">${usd(f?.costUsd)}</td>
            <td data-sort="${new Date(s.createdAt).toISOString()}">${when(s.createdAt)}</td>
            <td><a href="/ui/submissions/${s.id}">Report<span class="visually-hidden"> for ${names.get(s.inviteId) ?? ''}, ${s.challenge.slug}</span></a></td></tr>`;
        })}</tbody></table></div>`,
  });
}
