import type { Response } from 'express';
import { AppError } from '../../core/platform/app-error';
import { findAnyChallengeVersion, listChallengeVersions } from '../../core/challenges/challenge-repository';
import type { Db } from '../../core/platform/db';
import { latestGateRun } from '../../core/gate/gate-run-repository';
import { gateRowView } from '../../core/gate/gate-row';
import { principalOf } from '../auth-middleware';
import { html, num, when, type SafeHtml } from './html';
import { sendPage } from './layout';

async function gateTable(db: Db, slug: string, version: number): Promise<SafeHtml> {
  const challenge = await findAnyChallengeVersion(db, slug, version);
  const gate = challenge ? await latestGateRun(db, challenge.id) : undefined;
  if (!gate) return html`<p>No publish gate has run for this version.</p>`;
  if (!gate.report) return html`<p>The publish gate is running (${gate.runs} runs per solution, started ${when(gate.createdAt)}).</p>`;
  return html`<div class="scroll"><table>
    <caption>Publish gate of version ${version}: <span class="badge ${gate.status === 'passed' ? 'good' : 'bad'}">${gate.status}</span>, ${gate.runs} runs per solution, finished ${when(gate.finishedAt)}</caption>
    <thead><tr><th scope="col">Solution</th><th scope="col">Expected</th><th scope="col">Got</th><th scope="col">Score</th><th scope="col">Runs</th><th scope="col" class="num">Median ms</th><th scope="col">OK</th><th scope="col">Problem</th></tr></thead>
    <tbody>${gate.report.map(gateRowView).map((r) => html`<tr><th scope="row">${r.solution}</th><td>${r.expected}</td><td>${r.verdict}</td><td>${r.score}</td><td>${r.runs}</td>
      <td class="num">${num(r.medianMs)}</td><td>${r.ok ? 'yes' : html`<strong>no</strong>`}</td><td>${r.problem}</td></tr>`)}</tbody></table></div>`;
}

/** Every version of a challenge with its status and the table of its latest publish gate (authors, graders, admins). */
export async function challengeVersionsPage(db: Db, res: Response, slug: string): Promise<void> {
  const versions = await listChallengeVersions(db, slug);
  if (versions.length === 0) throw new AppError(404, 'challenge_not_found', 'No such challenge.');
  const gates = await Promise.all(versions.map((v) => gateTable(db, slug, v.version)));
  sendPage(res, {
    title: `Versions of ${slug}`,
    principal: principalOf(res),
    body: html`<p><a href="/ui/challenges/${slug}">The statement of the latest published version</a></p>
      ${versions.map((v, i) => html`<section aria-labelledby="v${v.version}"><h2 id="v${v.version}"><a href="/ui/challenges/${slug}/versions/${v.version}">Version ${v.version}</a> (${v.status})</h2>
        <p class="muted">Uploaded ${when(v.createdAt)} · content ${v.contentHash.slice(0, 12)}</p>${gates[i]}</section>`)}`,
  });
}
