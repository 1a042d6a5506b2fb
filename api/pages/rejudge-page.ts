import type { Request, Response } from 'express';
import { z } from 'zod';
import { uuidSchema } from '../../core/assessments/assessment-schema';
import { rejudgeBodySchema } from '../../core/rejudges/rejudge-schema';
import { createRejudge, decideRejudge, readableRejudge, rejudgeView } from '../../core/rejudges/rejudges';
import { AppError } from '../../core/platform/app-error';
import { principalOf } from '../auth-middleware';
import type { ApiDeps } from '../api-deps';
import { parseInput } from '../validate';
import { html, num, type SafeHtml } from './html';
import { sendPage } from './layout';
import { verdictBadge } from './result-view';

type RejudgeView = Awaited<ReturnType<typeof rejudgeView>>;

/** The version page's rejudge form: the target version, and where the submissions come from. */
const rejudgeFormSchema = z.object({
  slug: z.string().min(1).max(63),
  version: z.coerce.number().int().positive(),
  from: z.string().regex(/^(version:\d{1,9}|assessment:[0-9a-f-]{36})$/i, 'pick a version or an assessment'),
});

/** `POST /ui/rejudges` (a same-origin form): starts a rejudge preview like `POST /v1/rejudges`, then shows it. */
export async function startRejudgeFromPage(deps: ApiDeps, req: Request, res: Response): Promise<void> {
  const form = parseInput(rejudgeFormSchema, req.body);
  const [kind, value] = form.from.split(':') as [string, string];
  const from = kind === 'version' ? { slug: form.slug, version: Number(value) } : { assessmentId: value.toLowerCase() };
  const body = parseInput(rejudgeBodySchema, { from, to: { slug: form.slug, version: form.version } });
  const rejudge = await createRejudge(deps, principalOf(res), body);
  res.redirect(303, `/ui/rejudges/${rejudge.id}`);
}

/** `POST /ui/rejudges/:id/apply|cancel` (same-origin forms): decides the preview, then shows it again. */
export async function decideRejudgeFromPage(deps: ApiDeps, req: Request, res: Response, decision: 'apply' | 'cancel'): Promise<void> {
  const rejudge = await decideRejudge(deps.db, principalOf(res), rejudgeId(req.params.id), decision);
  res.redirect(303, `/ui/rejudges/${rejudge.id}`);
}

function rejudgeId(raw: unknown): string {
  const id = uuidSchema.safeParse(raw);
  if (!id.success) throw new AppError(404, 'rejudge_not_found', 'No such rejudge.');
  return id.data;
}

const score = (s: number | null, max: number | null) => (s === null ? '—' : `${num(s, 1)} / ${num(max, 1)}`);

function itemsTable(view: RejudgeView): SafeHtml {
  return html`<div class="scroll"><table id="rejudge-items">
    <caption>${view.summary.changed} of ${view.summary.total} submission${view.summary.total === 1 ? '' : 's'} change${view.summary.changed === 1 ? 's' : ''}${view.summary.skipped ? `; ${view.summary.skipped} skipped` : ''}</caption>
    <thead><tr><th scope="col">Submission</th><th scope="col">Was judged on</th><th scope="col">Old verdict</th><th scope="col">Old score</th>
      <th scope="col">New verdict</th><th scope="col">New score</th><th scope="col">Changes</th></tr></thead>
    <tbody>${view.items.map((i) => html`<tr>
      <th scope="row"><a href="/ui/submissions/${i.submissionId}">${i.submissionId.slice(0, 8)}</a></th>
      <td>${i.old.challenge.slug} v${i.old.challenge.version}</td><td>${verdictBadge(i.old.verdict)}</td><td>${score(i.old.score, i.old.maxScore)}</td>
      <td>${i.status === 'finished' ? verdictBadge(i.new.verdict) : html`<span class="muted">${i.status}</span>`}</td><td>${score(i.new.score, i.new.maxScore)}</td>
      <td>${i.status !== 'finished' ? '…' : i.changed ? html`<strong>yes</strong>` : 'no'}</td></tr>`)}</tbody></table></div>
    ${view.skipped.length ? html`<ul>${view.skipped.map((s) => html`<li>Skipped ${s.submissionId.slice(0, 8)}: ${s.reason}</li>`)}</ul>` : ''}`;
}

function decisionControls(view: RejudgeView, mayDecide: boolean): SafeHtml {
  if (view.status !== 'preview') return html`<p>This rejudge was <strong>${view.status}</strong>.</p>`;
  if (!mayDecide) return html`<p class="muted">Only an author or an admin may apply or cancel a rejudge.</p>`;
  const base = `/ui/rejudges/${view.id}`;
  return html`<div class="actions"><form method="post" action="${base}/apply" class="inline">
      <button type="submit" id="apply" ${view.ready ? '' : html`disabled aria-describedby="apply-why"`}>Apply: make the new results current</button>
      ${view.ready ? '' : html`<span id="apply-why" class="muted">Apply once every re-run has finished.</span>`}</form>
    <form method="post" action="${base}/cancel" class="inline"><button type="submit" id="cancel" class="secondary">Cancel the rejudge</button></form></div>`;
}

/** A rejudge for staff: its progress (live while it runs), old against new per submission, Apply and Cancel. */
export async function rejudgePage(deps: ApiDeps, req: Request, res: Response): Promise<void> {
  const principal = principalOf(res);
  const view = await rejudgeView(deps.db, await readableRejudge(deps.db, principal, rejudgeId(req.params.id)));
  const live = view.status === 'preview' && !view.ready ? `/v1/rejudges/${view.id}` : '';
  const from = 'assessmentId' in view.from ? `the assessment's submissions` : `submissions judged on ${view.from.slug} v${view.from.version}`;
  sendPage(res, {
    title: `Rejudge onto ${view.to ? `${view.to.slug} v${view.to.version}` : 'a removed version'}`,
    principal,
    body: html`<p>Re-runs ${from}${view.to ? html` on <a href="/ui/challenges/${view.to.slug}/versions/${view.to.version}">version ${view.to.version}</a>` : ''}.</p>
      <section id="rejudge" aria-labelledby="rejudge-h" data-rejudge="${live}">
        <h2 id="rejudge-h">Preview</h2>
        <p id="rejudge-text" role="status" aria-live="polite" data-live-text>${view.ready ? `All ${view.summary.total} re-runs finished: ${view.summary.changed} of them change (the verdict of ${view.summary.verdictChanged}, the score of ${view.summary.scoreChanged}).`
          : `Re-running: ${view.summary.finished} of ${view.summary.total} finished.`}</p>
        ${itemsTable(view)}
        ${decisionControls(view, principal.role === 'admin' || principal.role === 'author')}
      </section>`,
  });
}
