import type { Request, Response } from 'express';
import { AppError } from '../../core/platform/app-error';
import type { Db } from '../../core/platform/db';
import type { AssessmentRecord } from '../../core/assessments/assessment-repository';
import { listInvites } from '../../core/assessments/invite-repository';
import { readableAssessment } from '../../core/assessments/manage-assessments';
import { inviteView } from '../../core/assessments/assessment-view';
import { uuidSchema } from '../../core/assessments/assessment-schema';
import { principalOf } from '../auth-middleware';
import { html, when, type SafeHtml } from './html';
import { sendPage } from './layout';
import type { CsvLineError } from '../../core/assessments/invite-csv';
import { languageList } from './language-label';

/** What a post adds to the page: a notice, an invite link to copy, or refused input with its errors. */
export interface InvitePageExtras {
  notice?: string;
  error?: string;
  link?: { name: string; url: string; expiresAt: Date };
  one?: { name: string; email: string; externalId: string; error: string };
  csv?: { text: string; errors: CsvLineError[] };
}

export const STATUS_TEXT = { not_started: 'Not started', in_progress: 'In progress', submitted: 'Submitted', expired: 'Expired', revoked: 'Revoked' } as const;
export const STATUS_CLASS = { not_started: '', in_progress: 'warn', submitted: 'good', expired: 'bad', revoked: 'bad' } as const;

/** The assessment the caller may read (404 otherwise). */
export async function pageAssessment(db: Db, req: Request, res: Response): Promise<AssessmentRecord> {
  const id = uuidSchema.safeParse(req.params.id);
  return readableAssessment(db, principalOf(res), id.success ? id.data : undefined);
}

function summary(a: AssessmentRecord, writer: boolean): SafeHtml {
  const closed = a.closesAt !== null && a.closesAt <= new Date();
  return html`<dl class="summary">
      <div><dt>Challenges</dt><dd>${a.challenges.map((c) => `${c.slug} v${c.version}`).join(', ')}</dd></div>
      <div><dt>Opens</dt><dd>${when(a.opensAt)}</dd></div><div><dt>Closes</dt><dd>${when(a.closesAt)}</dd></div>
      <div><dt>Languages</dt><dd>${a.languages ? languageList(a.languages) : 'every one offered'}</dd></div>
      <div><dt>Duration</dt><dd>${a.durationMinutes ? `${a.durationMinutes} min` : '—'}</dd></div>
      <div><dt>Webhook</dt><dd>${a.callbackUrl ?? '—'}</dd></div><div><dt>State</dt><dd id="assessment-state">${closed ? 'Closed' : 'Open'}</dd></div>
    </dl>
    <p><a href="/ui/assessments/${a.id}">Submissions</a> · <a href="/ui/assessments/${a.id}/compare">Compare candidates</a>${writer ? html` · <a href="/ui/assessments/${a.id}/edit">Edit the assessment</a>` : ''}</p>
    ${writer && !closed ? html`<form method="post" action="/ui/assessments/${a.id}/close" class="inline">
      <button type="submit" class="danger">Close the assessment now</button>
      <span class="muted">Candidates can no longer submit; results stay readable.</span></form>` : ''}`;
}

function linkPanel(link: NonNullable<InvitePageExtras['link']>): SafeHtml {
  return html`<section class="notice" aria-labelledby="link-h"><h2 id="link-h">Invite link for ${link.name}</h2>
    <p>Send it to the candidate: it signs them in once and works until ${when(link.expiresAt)}. It is not shown again.</p>
    <p class="copy-row"><label for="invite-link">Invite link</label>
      <input id="invite-link" readonly value="${link.url}" class="wide" spellcheck="false">
      <button type="button" class="copy" data-copy="invite-link" hidden>Copy link</button>
      <span class="copy-status" role="status" aria-live="polite"></span></p></section>`;
}

function actions(a: AssessmentRecord, i: ReturnType<typeof inviteView>): SafeHtml {
  if (i.status === 'revoked') return html`<span class="muted">—</span>`;
  const base = `/ui/assessments/${a.id}/invites/${i.id}`;
  return html`<div class="actions">
    <form method="post" action="${base}/link"><button type="submit">Invite link<span class="visually-hidden"> for ${i.name}</span></button></form>
    ${a.durationMinutes ? html`<form method="post" action="${base}/extend"><label for="extend-${i.id}" class="visually-hidden">Extra minutes for ${i.name}</label>
      <input id="extend-${i.id}" name="minutes" type="number" min="1" max="1440" value="15" class="short">
      <button type="submit">Extend<span class="visually-hidden"> ${i.name}</span></button></form>` : ''}
    <form method="post" action="${base}/revoke"><button type="submit" class="danger">Revoke<span class="visually-hidden"> ${i.name}</span></button></form></div>`;
}

function inviteTable(a: AssessmentRecord, invites: Array<ReturnType<typeof inviteView>>, writer: boolean): SafeHtml {
  if (invites.length === 0) return html`<p>No candidates invited yet.</p>`;
  return html`<div class="scroll"><table id="invites">
    <caption>${invites.length} invite${invites.length === 1 ? '' : 's'}, oldest first</caption>
    <thead><tr><th scope="col">Candidate</th><th scope="col">Email</th><th scope="col">External id</th><th scope="col">State</th>
      <th scope="col">Started</th><th scope="col">Deadline</th><th scope="col">Submissions</th>${writer ? html`<th scope="col">Actions</th>` : ''}</tr></thead>
    <tbody>${invites.map((i) => html`<tr>
      <th scope="row">${i.name}</th><td>${i.email}</td><td>${i.externalId ?? '—'}</td>
      <td><span class="badge ${STATUS_CLASS[i.status]}">${STATUS_TEXT[i.status]}</span></td>
      <td>${when(i.startedAt)}</td><td>${when(i.deadline)}${i.extraMinutes ? html` <span class="muted">(+${i.extraMinutes} min)</span>` : ''}</td>
      <td class="num">${i.submissions ?? 0}</td>${writer ? html`<td>${actions(a, i)}</td>` : ''}</tr>`)}
    </tbody></table></div>`;
}

function inviteForms(a: AssessmentRecord, extras: InvitePageExtras): SafeHtml {
  const one = extras.one ?? { name: '', email: '', externalId: '', error: '' };
  const csv = extras.csv ?? { text: '', errors: [] };
  return html`<h2>Invite one candidate</h2>
    ${one.error ? html`<p class="error" role="alert" id="one-error">${one.error}</p>` : ''}
    <form method="post" action="/ui/assessments/${a.id}/invites" class="filters" ${one.error ? html`aria-describedby="one-error"` : ''}>
      <div><label for="i-name">Name</label><input id="i-name" name="name" value="${one.name}" required maxlength="200"></div>
      <div><label for="i-email">Email</label><input id="i-email" name="email" type="email" value="${one.email}" required maxlength="320"></div>
      <div><label for="i-external">External id (optional)</label><input id="i-external" name="externalId" value="${one.externalId}" maxlength="200"></div>
      <div><button type="submit">Invite</button></div>
    </form>
    <h2>Invite many: paste CSV</h2>
    <form method="post" action="/ui/assessments/${a.id}/invites/csv" class="stack">
      <label for="csv">One candidate per line: <code>name,email,external_id</code> (the header line and the external id are optional).
        If any line is refused, nobody is invited.</label>
      ${csv.errors.length ? html`<div class="error" role="alert" id="csv-errors"><p>Nobody was invited; fix these lines:</p>
        <ul>${csv.errors.map((e) => html`<li>Line ${e.line}: ${e.message}</li>`)}</ul></div>` : ''}
      <textarea id="csv" name="csv" rows="8" class="code" spellcheck="false" ${csv.errors.length ? html`aria-invalid="true" aria-describedby="csv-errors"` : ''}>${csv.text}</textarea>
      <button type="submit">Invite everyone listed</button>
    </form>`;
}

/** `GET /ui/assessments/:id/invites`: the assessment, its invites and their states; writers also get the controls. */
export async function invitePage(db: Db, req: Request, res: Response, extras: InvitePageExtras = {}, status = 200): Promise<void> {
  const principal = principalOf(res);
  const a = await pageAssessment(db, req, res);
  const writer = principal.role === 'admin' || principal.role === 'author';
  const invites = (await listInvites(db, a.id)).map((i) => inviteView(i, a));
  const invited = Number(req.query.invited);
  const notice = extras.notice ?? (Number.isSafeInteger(invited) && invited > 0 ? `Invited ${invited} candidate${invited === 1 ? '' : 's'}.` : undefined);
  sendPage(res, {
    title: a.name,
    principal,
    body: html`${summary(a, writer)}
      ${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
      ${extras.error ? html`<p class="error" role="alert">${extras.error}</p>` : ''}
      ${extras.link ? linkPanel(extras.link) : ''}
      <h2>Candidates</h2>
      ${inviteTable(a, invites, writer)}
      ${writer ? inviteForms(a, extras) : ''}`,
  }, status);
}

/** Renders an AppError of a post on this page (4xx) as the page with the message; rethrows anything else. */
export async function invitePageError(db: Db, req: Request, res: Response, error: unknown, extras: InvitePageExtras = {}): Promise<void> {
  if (!(error instanceof AppError) || error.status >= 500 || error.code === 'assessment_not_found') throw error;
  await invitePage(db, req, res, { error: error.message, ...extras }, error.status);
}
