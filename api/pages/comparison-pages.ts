/**
 * The candidates of an assessment compared (`/ui/assessments/:id/compare`): one row per candidate with the final
 * submission of each challenge, sortable by every column, filtered by name/email, status and verdict (a GET form; the
 * script filters live), exports, and two candidates picked for the side-by-side view of one challenge
 * (`/ui/assessments/:id/compare/:slug?a=&b=`): their code as a line diff, their tests, their quality and LLM usage.
 */
import type { Request, Response } from 'express';
import { AppError } from '../../core/platform/app-error';
import type { Db } from '../../core/platform/db';
import type { AssessmentRecord } from '../../core/assessments/assessment-repository';
import { getInvite, type InviteRecord } from '../../core/assessments/invite-repository';
import { INVITE_STATUSES } from '../../core/assessments/assessment-view';
import { uuidSchema } from '../../core/assessments/assessment-schema';
import { candidateComparison, finalSubmissions, type CandidateComparison, type ComparisonRow } from '../../core/reports/candidate-comparison';
import { buildSubmissionReport } from '../../core/reports/build-report';
import { lineDiff } from '../../core/reports/line-diff';
import type { SubmissionReport } from '../../core/reports/submission-report';
import { VERDICTS } from '../../core/results/verdicts';
import { principalOf } from '../auth-middleware';
import { sortable } from './assessment-pages';
import { html, num, usd, type SafeHtml } from './html';
import { pageAssessment, STATUS_CLASS, STATUS_TEXT } from './invite-list-page';
import { sendPage } from './layout';
import { headlines } from './report-tests';
import { statusText, verdictBadge } from './result-view';

/** The verdict filter's extra choice: a challenge without a finished submission. */
const NONE = 'none';

interface Filter { q: string; status: string; verdict: string }

const queryText = (req: Request, key: string) => (typeof req.query[key] === 'string' ? String(req.query[key]).trim() : '');

function verdictsOf(row: ComparisonRow): string[] {
  return Object.values(row.perChallenge).map((cell) => cell?.verdict ?? NONE);
}

/** The same rule the page's script applies live: text in name, email or external id; the status; any challenge's verdict. */
function matches(row: ComparisonRow, f: Filter): boolean {
  const text = `${row.name} ${row.email} ${row.externalId ?? ''}`.toLowerCase();
  return (!f.q || text.includes(f.q.toLowerCase())) && (!f.status || row.status === f.status) && (!f.verdict || verdictsOf(row).includes(f.verdict));
}

/** "42 min", "<1 min", or an em dash before the candidate started. */
function duration(ms: number | null): string {
  if (ms === null) return '—';
  const minutes = Math.round(ms / 60_000);
  return minutes < 1 ? '<1 min' : `${minutes} min`;
}

function select(name: string, label: string, options: ReadonlyArray<readonly [string, string]>, chosen: string): SafeHtml {
  return html`<div><label for="f-${name}">${label}</label>
    <select id="f-${name}" name="${name}"><option value="">All</option>${options.map(([value, text]) => html`<option value="${value}" ${value === chosen ? 'selected' : ''}>${text}</option>`)}</select></div>`;
}

function filterForm(a: AssessmentRecord, f: Filter): SafeHtml {
  return html`<form method="get" class="filters" id="comparison-filters" aria-label="Filter candidates" data-filters="comparison">
    <div><label for="f-q">Name or email</label><input id="f-q" name="q" type="search" value="${f.q}"></div>
    ${select('status', 'Status', INVITE_STATUSES.map((s) => [s, STATUS_TEXT[s]] as const), f.status)}
    ${select('verdict', 'Verdict (any challenge)', [...VERDICTS.map((v) => [v, statusText('finished', v)] as const), [NONE, 'No finished submission'] as const], f.verdict)}
    <div><button type="submit">Filter</button> <a href="/ui/assessments/${a.id}/compare">Clear</a></div>
  </form>`;
}

/** A candidate's row; one the filter leaves out is `hidden` (so the script can show it again as the filter changes). */
function rowMarkup(c: CandidateComparison, r: ComparisonRow, shown: boolean): SafeHtml {
  const pct = (score: number, max: number) => (max > 0 ? (100 * score) / max : 0);
  return html`<tr${shown ? '' : html` hidden`} data-search="${`${r.name} ${r.email} ${r.externalId ?? ''}`.toLowerCase()}" data-status="${r.status}" data-verdicts="${verdictsOf(r).join(' ')}">
    <td><input type="checkbox" name="pick" value="${r.inviteId}" form="pick-form" id="pick-${r.inviteId}" aria-label="Pick ${r.name}"></td>
    <th scope="row" data-sort="${r.name.toLowerCase()}">${r.name}<br><span class="muted">${r.email}${r.externalId ? ` · ${r.externalId}` : ''}</span></th>
    <td data-sort="${r.status}"><span class="badge ${STATUS_CLASS[r.status]}">${STATUS_TEXT[r.status]}</span></td>
    <td class="num" data-sort="${r.timeUsedMs ?? -1}">${duration(r.timeUsedMs)}</td>
    ${c.challenges.map((ch) => {
      const cell = r.perChallenge[ch.slug];
      if (!cell) return html`<td class="num" data-sort="-1"><span class="muted">Not submitted</span> <span class="visually-hidden">(0 of ${num(ch.maxScore, 1)})</span></td>`;
      return html`<td class="num" data-sort="${pct(cell.score, cell.maxScore)}"><a href="/ui/submissions/${cell.submissionId}">${num(cell.score, 1)} / ${num(cell.maxScore, 1)}<span class="visually-hidden">: ${r.name}'s report on ${ch.slug}</span></a>
        <br>${verdictBadge(cell.verdict)}</td>`;
    })}
    <td class="num" data-sort="${pct(r.total, r.maxTotal)}">${num(r.total, 1)} / ${num(r.maxTotal, 1)}</td>
    <td class="num" data-sort="${r.qualityIssues ?? -1}">${num(r.qualityIssues)}</td>
    <td class="num" data-sort="${r.llmCostUsd ?? -1}">${usd(r.llmCostUsd)}</td>
  </tr>`;
}

function pickForm(a: AssessmentRecord): SafeHtml {
  return html`<form method="get" id="pick-form" class="filters" action="/ui/assessments/${a.id}/compare" aria-label="Compare two candidates">
    ${a.challenges.length > 1 ? html`<div><label for="f-challenge">Challenge to compare</label>
      <select id="f-challenge" name="challenge">${a.challenges.map((c) => html`<option value="${c.slug}">${c.title} (${c.slug})</option>`)}</select></div>`
      : html`<input type="hidden" name="challenge" value="${a.challenges[0]?.slug ?? ''}">`}
    <div><button type="submit">Compare the two ticked candidates side by side</button></div>
  </form>`;
}

/** 303 to the side-by-side page when exactly two candidates were ticked (with a challenge of the assessment). */
function pickedPair(a: AssessmentRecord, req: Request): { redirect?: string; error?: string } {
  if (req.query.pick === undefined) return {};
  const picked = [...new Set([req.query.pick].flat().filter((p): p is string => typeof p === 'string'))];
  const slug = queryText(req, 'challenge') || a.challenges[0]?.slug;
  const challenge = a.challenges.find((c) => c.slug === slug);
  if (picked.length !== 2) return { error: `Tick exactly two candidates to compare (${picked.length} ticked).` };
  if (!challenge) return { error: 'Choose one of this assessment\'s challenges.' };
  return { redirect: `/ui/assessments/${a.id}/compare/${challenge.slug}?a=${encodeURIComponent(picked[0]!)}&b=${encodeURIComponent(picked[1]!)}` };
}

/** `GET /ui/assessments/:id/compare`. */
export async function comparisonPage(db: Db, req: Request, res: Response): Promise<void> {
  const a = await pageAssessment(db, req, res);
  const pair = pickedPair(a, req);
  if (pair.redirect) return res.redirect(303, pair.redirect);
  const comparison = await candidateComparison(db, a);
  const filter: Filter = { q: queryText(req, 'q'), status: queryText(req, 'status'), verdict: queryText(req, 'verdict') };
  const shown = comparison.rows.filter((r) => matches(r, filter)).length;
  const rule = a.finalSubmission === 'best' ? 'the best (highest score; ties: the later)' : 'the last';
  sendPage(res, {
    title: `Compare candidates: ${a.name}`,
    principal: principalOf(res),
    body: html`
      <p><a href="/ui/assessments/${a.id}">Submissions</a> · <a href="/ui/assessments/${a.id}/invites">Candidates and invites</a></p>
      <p>Each cell is the candidate's final submission to that challenge: ${rule} finished one
        (the assessment's setting${principalOf(res).role === 'grader' ? '' : html`, <a href="/ui/assessments/${a.id}/edit">change it</a>`}).
        A challenge without one counts 0 of its maximum.</p>
      <p>Export: <a href="/v1/assessments/${a.id}/comparison.csv" download="comparison-${a.id}.csv" id="export-csv">CSV</a>
        · <a href="/v1/assessments/${a.id}/comparison" download="comparison-${a.id}.json" id="export-json">JSON</a>
        <span class="muted">(every candidate, unfiltered)</span></p>
      ${filterForm(a, filter)}
      ${pair.error ? html`<p class="error" role="alert" id="pick-error">${pair.error}</p>` : ''}
      <div class="scroll"><table id="comparison" class="sortable">
        <caption><span id="comparison-count">${shown} of ${comparison.rows.length} candidate${comparison.rows.length === 1 ? '' : 's'}</span>; sort with the column buttons, tick two to compare them</caption>
        <thead><tr><th scope="col">Pick</th>${sortable('Candidate', 'text')}${sortable('Status', 'text')}${sortable('Time used', 'num')}
          ${comparison.challenges.map((c) => sortable(`${c.title} (of ${num(c.maxScore, 1)})`, 'num'))}
          ${sortable('Total', 'num')}${sortable('Quality issues', 'num')}${sortable('LLM cost (USD)', 'num')}</tr></thead>
        <tbody>${comparison.rows.map((r) => rowMarkup(comparison, r, matches(r, filter)))}</tbody></table></div>
      ${pickForm(a)}`,
  }, pair.error ? 400 : 200);
}

/** One side of the side-by-side view: the invite, its final submission to the challenge and that submission's report. */
interface Side { invite: InviteRecord; report: SubmissionReport | undefined }

async function sideOf(db: Db, a: AssessmentRecord, raw: unknown, slug: string, finals: Awaited<ReturnType<typeof finalSubmissions>>): Promise<Side> {
  const id = uuidSchema.safeParse(raw);
  const invite = id.success ? await getInvite(db, id.data) : undefined;
  if (!invite || invite.assessmentId !== a.id) throw new AppError(404, 'invite_not_found', 'No such invite in this assessment: pick two candidates on the comparison page.');
  const final = finals.get(invite.id)?.get(slug);
  return { invite, report: final ? await buildSubmissionReport(db, final.id, 'staff') : undefined };
}

function sideHeader(label: string, side: Side): SafeHtml {
  const r = side.report;
  return html`<section class="side" aria-labelledby="side-${label}"><h2 id="side-${label}">${label}: ${side.invite.name}</h2>
    ${r?.result ? html`<p>${verdictBadge(r.result.verdict)} <strong>${num(r.result.score, 1)} / ${num(r.result.maxScore, 1)}</strong>
      · <a href="/ui/submissions/${r.submission.id}">Report</a></p>${headlines(r, `/ui/submissions/${r.submission.id}`)}`
      : html`<p class="muted">No finished submission to this challenge (counts 0).</p>`}
  </section>`;
}

function testsSideBySide(a: Side, b: Side): SafeHtml {
  const ta = a.report?.result?.tests ?? [];
  const tb = b.report?.result?.tests ?? [];
  const names = [...new Set([...ta, ...tb].map((t) => t.name))];
  if (!names.length) return html`<p>Neither has test results.</p>`;
  const status = (t: { status: string } | undefined) => (t ? html`<span class="badge ${t.status === 'pass' ? 'good' : 'bad'}">${t.status}</span>` : html`<span class="muted">—</span>`);
  const differ = names.filter((n) => ta.find((t) => t.name === n)?.status !== tb.find((t) => t.name === n)?.status).length;
  return html`<p>${differ} of ${names.length} tests end differently.</p><div class="scroll"><table id="tests-side-by-side" class="sortable">
    <caption>Tests: ${a.invite.name} (A) against ${b.invite.name} (B)</caption>
    <thead><tr>${sortable('Test', 'text')}${sortable('Group', 'text')}${sortable('Weight', 'num')}${sortable('A', 'text')}${sortable('B', 'text')}</tr></thead>
    <tbody>${names.map((name) => {
      const x = ta.find((t) => t.name === name);
      const y = tb.find((t) => t.name === name);
      const t = (x ?? y)!;
      return html`<tr${x?.status !== y?.status ? html` class="differs"` : ''}><th scope="row">${name}</th><td>${t.group} <span class="muted">(${t.visibility})</span></td>
        <td class="num">${num(t.weight, t.weight % 1 ? 1 : 0)}</td><td data-sort="${x?.status ?? ''}">${status(x)}</td><td data-sort="${y?.status ?? ''}">${status(y)}</td></tr>`;
    })}</tbody></table></div>`;
}

function codeDiff(a: Side, b: Side): SafeHtml {
  const files = (s: Side) => new Map((s.report?.files ?? []).map((f) => [f.path, f.text]));
  const fa = files(a);
  const fb = files(b);
  const paths = [...new Set([...fa.keys(), ...fb.keys()])].sort();
  if (!paths.length) return html`<p>Neither has code to compare.</p>`;
  return html`<p class="muted">Lines marked <span class="removed">− only in A (${a.invite.name})</span> and <span class="added">+ only in B (${b.invite.name})</span>.</p>
    ${paths.map((path) => {
      const diff = lineDiff(fa.get(path) ?? '', fb.get(path) ?? '');
      const changed = diff.filter((l) => l.kind !== 'same').length;
      return html`<h3>${path} <span class="muted">(${!fa.has(path) ? 'only in B' : !fb.has(path) ? 'only in A' : changed ? `${changed} lines differ` : 'identical'})</span></h3>
        <pre class="line-diff" aria-label="Line diff of ${path}">${diff.map((l) => html`<span class="${l.kind}"><span class="ln" aria-hidden="true">${String(l.a ?? '').padStart(4)} ${String(l.b ?? '').padStart(4)}  </span>${l.kind === 'added' ? '+ ' : l.kind === 'removed' ? '− ' : '  '}${l.text}</span>`)}</pre>`;
    })}`;
}

/** `GET /ui/assessments/:id/compare/:slug?a=<invite>&b=<invite>`: two candidates' final submissions to one challenge. */
export async function sideBySidePage(db: Db, req: Request, res: Response): Promise<void> {
  const a = await pageAssessment(db, req, res);
  const challenge = a.challenges.find((c) => c.slug === req.params.slug);
  if (!challenge) throw new AppError(404, 'challenge_not_found', `This assessment has no challenge "${String(req.params.slug)}".`);
  const finals = await finalSubmissions(db, a);
  const left = await sideOf(db, a, req.query.a, challenge.slug, finals);
  const right = await sideOf(db, a, req.query.b, challenge.slug, finals);
  sendPage(res, {
    title: `${left.invite.name} and ${right.invite.name}: ${challenge.title}`,
    principal: principalOf(res),
    body: html`
      <p><a href="/ui/assessments/${a.id}/compare">Back to the comparison</a> · ${challenge.slug} v${challenge.version}
        · final submissions: ${a.finalSubmission === 'best' ? 'the best of each' : 'the last of each'}</p>
      <div class="pair">${sideHeader('A', left)}${sideHeader('B', right)}</div>
      <section aria-labelledby="tests-h"><h2 id="tests-h">Tests side by side</h2>${testsSideBySide(left, right)}</section>
      <section aria-labelledby="code-h"><h2 id="code-h">Code: what differs</h2>${codeDiff(left, right)}</section>`,
  });
}
