import type { Request, Response } from 'express';
import { AppError } from '../../core/platform/app-error';
import type { Db } from '../../core/platform/db';
import { listPublishedChallenges, type ChallengeRecord } from '../../core/challenges/challenge-repository';
import { createAssessment, readableAssessment } from '../../core/assessments/manage-assessments';
import { editAssessment } from '../../core/assessments/edit-assessment';
import { anyInviteStarted } from '../../core/assessments/invite-repository';
import type { AssessmentRecord } from '../../core/assessments/assessment-repository';
import { assessmentBodySchema, assessmentPatchSchema, uuidSchema, type FinalSubmission } from '../../core/assessments/assessment-schema';
import { principalOf } from '../auth-middleware';
import type { ApiDeps } from '../api-deps';
import { parseInput } from '../validate';
import { html, type SafeHtml } from './html';
import { sendPage } from './layout';
import { LANGUAGES } from '../../sandbox/harness/protocol';
import { languageLabel, languageList } from './language-label';

/** What the form holds: the caller's own text, and the errors by field (`form` for the rest). */
interface FormValues {
  name: string; challenges: string[]; languages: string[]; opensAt: string; closesAt: string; durationMinutes: string; callbackUrl: string;
  finalSubmission: string;
}
type FieldErrors = Record<string, string[]>;

const FIELDS: Array<[keyof FormValues, string, string, string]> = [
  ['opensAt', 'Opens at (UTC, optional)', 'datetime-local', 'Candidates can start from then; empty: at once.'],
  ['closesAt', 'Closes at (UTC, optional)', 'datetime-local', 'No submissions after this time.'],
  ['durationMinutes', 'Duration in minutes (optional)', 'number', 'Per candidate, from their first sign-in inside the window.'],
  ['callbackUrl', 'Webhook URL (optional)', 'url', 'Receives a signed POST when a candidate submission finishes; public http(s) hosts only.'],
];

/** `2030-01-31T18:00:00.000Z` → `2030-01-31T18:00` (the datetime-local field, in UTC). */
const localUtc = (d: Date | null) => (d ? d.toISOString().slice(0, 16) : '');

function valuesOf(a: AssessmentRecord | undefined): FormValues {
  return {
    name: a?.name ?? '', challenges: a?.challenges.map((c) => c.slug) ?? [], languages: a?.languages ?? [], opensAt: localUtc(a?.opensAt ?? null),
    closesAt: localUtc(a?.closesAt ?? null), durationMinutes: a?.durationMinutes ? String(a.durationMinutes) : '', callbackUrl: a?.callbackUrl ?? '',
    finalSubmission: a?.finalSubmission ?? 'last',
  };
}

function formValues(body: Record<string, unknown>): FormValues {
  const text = (k: string) => (typeof body[k] === 'string' ? String(body[k]).trim() : '');
  const list = (picked: unknown) => (Array.isArray(picked) ? picked : picked === undefined ? [] : [picked]).filter((c): c is string => typeof c === 'string');
  return { name: text('name'), challenges: list(body.challenges), languages: list(body.languages), opensAt: text('opensAt'), closesAt: text('closesAt'), durationMinutes: text('durationMinutes'), callbackUrl: text('callbackUrl'),
    finalSubmission: text('finalSubmission') };
}

/** The form's text as the API's body: empty optional fields are `empty` (omitted when creating, null when editing). */
function bodyOf(v: FormValues, empty: undefined | null, withChallenges: boolean): Record<string, unknown> {
  const instant = (s: string) => (s === '' ? empty : /^\d{4}-\d\d-\d\dT\d\d:\d\d$/.test(s) ? `${s}:00Z` : s);
  const body: Record<string, unknown> = {
    name: v.name, opensAt: instant(v.opensAt), closesAt: instant(v.closesAt),
    durationMinutes: v.durationMinutes === '' ? empty : Number(v.durationMinutes), callbackUrl: v.callbackUrl === '' ? empty : v.callbackUrl,
    languages: v.languages.length ? v.languages : empty,
    finalSubmission: v.finalSubmission === '' ? undefined : v.finalSubmission,
  };
  if (withChallenges) body.challenges = v.challenges;
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}

const FORM_FIELDS = new Set(['name', 'challenges', 'languages', 'opensAt', 'closesAt', 'durationMinutes', 'callbackUrl', 'finalSubmission']);

/** An AppError's issues by form field (`form` when it names none). */
function errorsOf(error: AppError): FieldErrors {
  const out: FieldErrors = {};
  const add = (field: string, message: string) => (out[field] ??= []).push(message);
  const details = Array.isArray(error.details) ? error.details as Array<{ path?: string; message?: string }> : [];
  if (error.code === 'callback_url_refused') add('callbackUrl', error.message);
  else if (error.code === 'challenge_not_found' || error.code === 'assessment_started') add('challenges', error.message);
  else if (details.length === 0) add('form', error.message);
  for (const d of error.code === 'validation_failed' ? details : []) {
    const field = d.path?.split('.')[0] ?? '';
    add(FORM_FIELDS.has(field) ? field : 'form', d.message ?? '');
  }
  return out;
}

function fieldError(field: string, errors: FieldErrors): SafeHtml {
  const list = errors[field];
  return list?.length ? html`<p class="field-error" id="${field}-error">${list.join(' ')}</p>` : html``;
}

const invalid = (field: string, errors: FieldErrors) => (errors[field]?.length ? html`aria-invalid="true" aria-describedby="${field}-error"` : html`aria-describedby="${field}-hint"`);

function challengePicker(published: ChallengeRecord[], v: FormValues, errors: FieldErrors, locked: boolean): SafeHtml {
  return html`<fieldset id="challenges" ${errors.challenges?.length ? html`aria-describedby="challenges-error"` : ''}>
    <legend>Challenges (the current published version of each is pinned)</legend>
    ${locked ? html`<p class="muted">A candidate has started: the challenges can no longer change.</p>` : ''}
    ${published.map((c) => html`<div class="check"><input type="checkbox" name="challenges" value="${c.slug}" id="ch-${c.slug}"
        ${v.challenges.includes(c.slug) ? 'checked' : ''} ${locked ? 'disabled' : ''}>
      <label for="ch-${c.slug}">${c.title} <span class="muted">(${c.slug} v${c.version}; ${languageList(c.manifest.languages)})</span></label></div>`)}
    ${fieldError('challenges', errors)}
  </fieldset>`;
}

function languagePicker(v: FormValues, errors: FieldErrors): SafeHtml {
  return html`<fieldset id="languages" ${errors.languages?.length ? html`aria-describedby="languages-error"` : ''}>
    <legend>Languages candidates may use (none ticked: every language each challenge offers)</legend>
    ${LANGUAGES.map((l) => html`<div class="check"><input type="checkbox" name="languages" value="${l}" id="lang-${l}" ${v.languages.includes(l) ? 'checked' : ''}>
      <label for="lang-${l}">${languageLabel(l)}</label></div>`)}
    ${fieldError('languages', errors)}
  </fieldset>`;
}

const FINAL_CHOICES: Array<[FinalSubmission, string]> = [
  ['last', 'The last one (the latest finished submission)'],
  ['best', 'The best one (the highest score; ties: the later one)'],
];

function finalSubmissionPicker(v: FormValues, errors: FieldErrors): SafeHtml {
  return html`<fieldset id="finalSubmission" ${errors.finalSubmission?.length ? html`aria-describedby="finalSubmission-error"` : ''}>
    <legend>Which submission of a candidate to a challenge counts in the comparison</legend>
    ${FINAL_CHOICES.map(([value, label]) => html`<div class="check"><input type="radio" name="finalSubmission" value="${value}" id="final-${value}" ${v.finalSubmission === value ? 'checked' : ''}>
      <label for="final-${value}">${label}</label></div>`)}
    ${fieldError('finalSubmission', errors)}
  </fieldset>`;
}

/** The create / edit form; refused input comes back with its errors next to the fields. */
function renderForm(res: Response, page: { assessment?: AssessmentRecord; published: ChallengeRecord[]; values: FormValues; errors: FieldErrors; locked: boolean }, status = 200): void {
  const { assessment: a, values: v, errors } = page;
  sendPage(res, {
    title: a ? `Edit: ${a.name}` : 'New assessment',
    principal: principalOf(res),
    body: html`
      ${Object.keys(errors).length ? html`<p class="error" role="alert" id="form-errors">The assessment was not saved: see the fields marked below.${errors.form ? html` ${errors.form.join(' ')}` : ''}</p>` : ''}
      <form method="post" action="${a ? `/ui/assessments/${a.id}/edit` : '/ui/assessments'}" class="stack" id="assessment-form" novalidate>
        <label for="f-name">Name</label>
        <input id="f-name" name="name" value="${v.name}" required maxlength="200" ${invalid('name', errors)}>
        ${errors.name ? fieldError('name', errors) : html`<p class="muted" id="name-hint">What candidates see as the assessment's title.</p>`}
        ${challengePicker(page.published, v, errors, page.locked)}
        ${languagePicker(v, errors)}
        ${finalSubmissionPicker(v, errors)}
        ${FIELDS.map(([field, label, type, hint]) => html`
          <label for="f-${field}">${label}</label>
          <input id="f-${field}" name="${field}" type="${type}" value="${v[field] as string}" ${type === 'number' ? html`min="1" max="10080"` : ''} ${invalid(field, errors)}>
          ${errors[field] ? fieldError(field, errors) : html`<p class="muted" id="${field}-hint">${hint}</p>`}`)}
        <button type="submit">${a ? 'Save changes' : 'Create assessment'}</button>
      </form>
      ${a ? html`<p><a href="/ui/assessments/${a.id}/invites">Back to the assessment</a></p>` : ''}`,
  }, status);
}

async function editable(db: Db, req: Request, res: Response): Promise<AssessmentRecord> {
  const id = uuidSchema.safeParse(req.params.id);
  return readableAssessment(db, principalOf(res), id.success ? id.data : undefined);
}

/** `GET /ui/assessments/new` and `GET /ui/assessments/:id/edit`. */
export async function assessmentFormPage(db: Db, req: Request, res: Response, editing: boolean): Promise<void> {
  const assessment = editing ? await editable(db, req, res) : undefined;
  const locked = assessment ? await anyInviteStarted(db, assessment.id) : false;
  renderForm(res, { assessment, published: await listPublishedChallenges(db), values: valuesOf(assessment), errors: {}, locked });
}

/** `POST /ui/assessments` and `POST /ui/assessments/:id/edit`: the same use cases and checks as the JSON API. */
export async function saveAssessmentForm(deps: ApiDeps, req: Request, res: Response, editing: boolean): Promise<void> {
  const assessment = editing ? await editable(deps.db, req, res) : undefined;
  const locked = assessment ? await anyInviteStarted(deps.db, assessment.id) : false;
  const values = formValues((req.body ?? {}) as Record<string, unknown>);
  const rules = { db: deps.db, allowedTargets: deps.config.WEBHOOK_ALLOWED_TARGETS };
  try {
    const saved = assessment
      ? await editAssessment(rules, assessment, parseInput(assessmentPatchSchema, bodyOf(values, null, !locked))).then((e) => ({ a: e.assessment, secret: e.newWebhookSecret }))
      : await createAssessment(rules, principalOf(res), parseInput(assessmentBodySchema, bodyOf(values, undefined, true))).then((a) => ({ a, secret: a.webhookSecret ?? undefined }));
    if (!saved.secret) return res.redirect(303, `/ui/assessments/${saved.a.id}/invites`);
    sendPage(res, {
      title: `Saved: ${saved.a.name}`, principal: principalOf(res),
      body: html`<p>The webhook secret, shown this once (receivers verify the <code>X-Judge-Signature</code> header with it):</p>
        <p><label for="secret">Webhook secret</label> <input id="secret" readonly value="${saved.secret}" class="wide" spellcheck="false"></p>
        <p><a href="/ui/assessments/${saved.a.id}/invites">Go to the assessment</a></p>`,
    }, editing ? 200 : 201);
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500) throw error;
    const merged = locked && assessment ? { ...values, challenges: valuesOf(assessment).challenges } : values;
    renderForm(res, { assessment, published: await listPublishedChallenges(deps.db), values: merged, errors: errorsOf(error), locked }, error.status === 404 ? 422 : error.status);
  }
}
