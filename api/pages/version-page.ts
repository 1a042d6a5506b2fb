import type { Response } from 'express';
import type { Principal } from '../../core/access/authenticate';
import { listAssessments } from '../../core/assessments/assessment-repository';
import { assertMayAuthor } from '../../core/challenges/challenge-owner-repository';
import { listChallengeVersions, type ChallengeRecord } from '../../core/challenges/challenge-repository';
import { requireChallengeVersion, type VersionRef } from '../../core/authoring/publish-version';
import { gateRunSubmissions, type GateRunRecord } from '../../core/gate/gate-run-repository';
import { gateRowView } from '../../core/gate/gate-row';
import { latestSettledGateRun } from '../../core/gate/gate-runs';
import { readableRejudgesOnto } from '../../core/rejudges/rejudges';
import { AppError } from '../../core/platform/app-error';
import type { Db } from '../../core/platform/db';
import { principalOf } from '../auth-middleware';
import { html, num, when, type SafeHtml } from './html';
import { sendPage } from './layout';

/** The page of one version: `/ui/challenges/:slug/versions/:version`. */
export const versionPath = (ref: VersionRef) => `/ui/challenges/${encodeURIComponent(ref.slug)}/versions/${ref.version}`;

/** Whether the caller may upload, gate and publish this slug (admins always; an author only their own slugs). */
async function mayAuthor(db: Db, slug: string, principal: Principal): Promise<boolean> {
  if (principal.role !== 'admin' && principal.role !== 'author') return false;
  return assertMayAuthor(db, slug, principal).then(() => true, (error: unknown) => {
    if (error instanceof AppError && error.code === 'challenge_not_yours') return false;
    throw error;
  });
}

function gateTable(gate: GateRunRecord): SafeHtml {
  return html`<div class="scroll"><table id="gate-table">
    <caption>Publish gate: <span class="badge ${gate.status === 'passed' ? 'good' : 'bad'}">${gate.status}</span>, ${gate.runs} runs of the reference, finished ${when(gate.finishedAt)}</caption>
    <thead><tr><th scope="col">Solution</th><th scope="col">Expected</th><th scope="col">Got</th><th scope="col">Score</th><th scope="col">Runs as expected</th><th scope="col" class="num">Median ms</th><th scope="col">OK</th><th scope="col">Problem</th></tr></thead>
    <tbody>${(gate.report ?? []).map(gateRowView).map((r) => html`<tr><th scope="row">${r.solution}</th><td>${r.expected}</td><td>${r.verdict}</td><td>${r.score}</td><td>${r.runs}</td>
      <td class="num">${num(r.medianMs)}</td><td>${r.ok ? 'yes' : html`<strong>no</strong>`}</td><td>${r.problem}</td></tr>`)}</tbody></table></div>`;
}

/** The gate's state in words; the live script rewrites it from the JSON gate while the gate runs. */
async function gateProgress(db: Db, gate: GateRunRecord | undefined): Promise<SafeHtml> {
  if (!gate) return html`<p id="gate-text">No publish gate has run for this version.</p>`;
  if (gate.status !== 'running') return html`<p id="gate-text">The publish gate <strong>${gate.status}</strong>.</p>${gateTable(gate)}`;
  const rows = await gateRunSubmissions(db, gate.id);
  const finished = rows.filter((r) => r.status === 'finished').length;
  return html`<p id="gate-text" data-live-text>The publish gate is running: ${finished} of ${rows.length} runs judged (started ${when(gate.createdAt)}).</p>
    <progress id="gate-progress" max="${rows.length}" value="${finished}" aria-label="Runs judged">${finished} of ${rows.length}</progress>`;
}

function publishControl(challenge: ChallengeRecord, gate: GateRunRecord | undefined, path: string): SafeHtml {
  if (challenge.status !== 'draft') return html`<p>Version ${challenge.version} is <strong>${challenge.status}</strong>.</p>`;
  const why = gate?.status === 'passed' ? '' : gate?.status === 'running'
    ? 'Publishing is possible once the gate has passed; it is still running.'
    : `Publishing needs a passed gate (this version's gate: ${gate?.status ?? 'none'}). Fix the package and upload it again, or run the gate again.`;
  return html`<form method="post" action="${path}/publish" class="inline">
    <button type="submit" id="publish" ${why ? html`disabled aria-describedby="publish-why"` : ''}>Publish version ${challenge.version}</button>
    ${why ? html`<span id="publish-why" class="muted">${why}</span>` : ''}</form>`;
}

function gateSection(parts: { challenge: ChallengeRecord; gate: GateRunRecord | undefined; progress: SafeHtml; author: boolean; path: string }): SafeHtml {
  const { challenge, gate, author, path } = parts;
  const live = gate?.status === 'running' ? `/v1/challenges/${encodeURIComponent(challenge.slug)}/versions/${challenge.version}/gate` : '';
  return html`<section id="gate" aria-labelledby="gate-h" data-gate="${live}">
    <h2 id="gate-h">Publish gate</h2>
    <div id="gate-live" role="status" aria-live="polite">${parts.progress}</div>
    ${author ? html`${publishControl(challenge, gate, path)}
      <form method="post" action="${path}/gate" class="inline"><button type="submit" id="rerun-gate">Run the gate again</button></form>`
    : html`<p class="muted">${challenge.status === 'draft' ? 'Only the challenge\'s author or an admin may publish it.' : `Version ${challenge.version} is ${challenge.status}.`}</p>`}
  </section>`;
}

async function rejudgeForm(db: Db, principal: Principal, challenge: ChallengeRecord): Promise<SafeHtml> {
  const others = (await listChallengeVersions(db, challenge.slug)).filter((v) => v.version !== challenge.version);
  const assessments = (await listAssessments(db, principal.role === 'author' ? principal.tokenId : undefined))
    .filter((a) => a.challenges.some((c) => c.slug === challenge.slug));
  if (others.length === 0 && assessments.length === 0) return html`<p>There is nothing to rejudge on this version yet: no other version and no assessment uses this challenge.</p>`;
  return html`<form method="post" action="/ui/rejudges" class="stack">
    <input type="hidden" name="slug" value="${challenge.slug}"><input type="hidden" name="version" value="${challenge.version}">
    <label for="rejudge-from">Re-run on version ${challenge.version} the candidate submissions of</label>
    <select id="rejudge-from" name="from">
      ${others.map((v) => html`<option value="version:${v.version}">version ${v.version} (${v.status})</option>`)}
      ${assessments.map((a) => html`<option value="assessment:${a.id}">the assessment "${a.name}"</option>`)}
    </select>
    <button type="submit" id="start-rejudge">Preview the rejudge</button>
    <p class="muted">Nothing changes until you apply the preview.</p></form>`;
}

async function rejudgeList(db: Db, principal: Principal, challenge: ChallengeRecord): Promise<SafeHtml> {
  const rejudges = await readableRejudgesOnto(db, principal, challenge.id);
  if (rejudges.length === 0) return html``;
  const source = (r: (typeof rejudges)[number]) => ('assessmentId' in r.source ? 'an assessment' : `version ${r.source.version}`);
  return html`<div class="scroll"><table id="rejudges">
    <caption>Rejudges onto version ${challenge.version}, newest first</caption>
    <thead><tr><th scope="col">Started</th><th scope="col">Submissions of</th><th scope="col">Status</th></tr></thead>
    <tbody>${rejudges.map((r) => html`<tr><th scope="row"><a href="/ui/rejudges/${r.id}">${when(r.createdAt)}</a></th><td>${source(r)}</td><td>${r.status}</td></tr>`)}</tbody></table></div>`;
}

/**
 * One challenge version for staff: its status, its publish gate (progress that updates live, then its table), the
 * Publish and "run the gate again" controls for whoever may author the slug, and a form starting a rejudge onto it.
 */
export async function versionPage(db: Db, res: Response, ref: VersionRef): Promise<void> {
  const principal = principalOf(res);
  const challenge = await requireChallengeVersion(db, ref);
  const gate = await latestSettledGateRun(db, challenge.id);
  const author = await mayAuthor(db, challenge.slug, principal);
  const path = versionPath(challenge);
  sendPage(res, {
    title: `${challenge.title}: version ${challenge.version}`,
    principal,
    body: html`<p><span class="badge ${challenge.status === 'published' ? 'good' : 'warn'}" id="version-status">${challenge.status}</span>
      <span class="muted">${challenge.slug} · content ${challenge.contentHash.slice(0, 12)}</span> ·
      <a href="/ui/challenges/${challenge.slug}/versions">Every version of ${challenge.slug}</a></p>
      ${gateSection({ challenge, gate, progress: await gateProgress(db, gate), author, path })}
      ${principal.role === 'grader' ? '' : html`<section aria-labelledby="rejudge-h"><h2 id="rejudge-h">Rejudge onto this version</h2>
        ${await rejudgeForm(db, principal, challenge)}</section>`}
      ${await rejudgeList(db, principal, challenge)}`,
  });
}
