import type { RequestHandler, Router } from 'express';
import type { Config } from '../core/platform/config';
import type { Db } from '../core/platform/db';
import type { Role } from '../core/access/token-repository';
import { EVERY_ROLE } from '../core/access/access-policy';
import { requireRole } from './auth-middleware';

/** One HTTP operation: where it lives and who may call it. The routes, `/openapi.json` and `/docs` all read this. */
export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express syntax (`:id`). */
  path: string;
  summary: string;
  /** `public` needs no token; otherwise the roles whose tokens pass (others get 403). */
  roles: readonly Role[] | 'public';
  /** Resource-level rules on top of the roles (those answer 404, never revealing what exists). */
  rule?: string;
}

const OWN = 'Authors: only assessments their token created (404 otherwise).';
const READERS: readonly Role[] = ['admin', 'author', 'grader'];
const OWNED = 'Authors: only slugs their first upload created (403 challenge_not_yours); bundled challenges are the admins\'.';

const EDITOR = 'Candidates only (staff 403): their own invite\'s drafts of their assessment\'s challenges (404 challenge_not_found otherwise).';

const CATALOGUE = 'Without a token: only challenges marked public (the bundled catalogue, unless PUBLIC_CHALLENGES=none). Staff: every published challenge. Candidates: public ones and their assessment\'s pinned versions once their window has started (403 assessment_not_open before); anything else is 404.';

/** Every operation of the API, in the order the docs list them. */
export const OPERATIONS = {
  index: { method: 'get', path: '/', summary: 'Where things are: the API description, its docs, the web pages', roles: 'public' },
  health: { method: 'get', path: '/healthz', summary: 'Liveness: 200 while the process runs', roles: 'public' },
  ready: { method: 'get', path: '/readyz', summary: 'Readiness of PostgreSQL, Redis and Docker (503 naming what is down)', roles: 'public' },
  listChallenges: { method: 'get', path: '/v1/challenges', summary: 'The latest published version of every challenge the caller may read', roles: 'public', rule: CATALOGUE },
  getChallenge: { method: 'get', path: '/v1/challenges/:slug', summary: 'Statement, limits, starter and public tests of the latest version (a candidate: their pinned version)', roles: 'public', rule: CATALOGUE },
  getChallengeVersion: { method: 'get', path: '/v1/challenges/:slug/versions/:version', summary: 'One exact version of a challenge (the one an assessment pinned)', roles: 'public', rule: CATALOGUE },
  uploadChallenge: {
    method: 'post', path: '/v1/challenges', summary: 'Upload a challenge package (tar.gz or zip body): a new draft version, its publish gate queued', roles: ['admin', 'author'],
    rule: 'The body is the archive itself (Content-Type application/gzip or application/zip); the same content as the latest version answers that version (200). ' + OWNED,
  },
  listChallengeVersions: { method: 'get', path: '/v1/challenges/:slug/versions', summary: 'Every version of a challenge with its status and latest gate', roles: READERS },
  startGate: { method: 'post', path: '/v1/challenges/:slug/versions/:version/gate', summary: 'Run the publish gate of a version again (through the queue)', roles: ['admin', 'author'], rule: OWNED },
  getGate: { method: 'get', path: '/v1/challenges/:slug/versions/:version/gate', summary: 'The latest publish gate of a version: progress, then one row per solution', roles: READERS },
  publishChallengeVersion: {
    method: 'post', path: '/v1/challenges/:slug/versions/:version/publish', summary: 'Publish a version whose gate passed (409 gate_not_passed otherwise)', roles: ['admin', 'author'],
    rule: 'New assessments and staff submissions take the latest published version; assessments keep the version they pinned. ' + OWNED,
  },
  createRejudge: {
    method: 'post', path: '/v1/rejudges', summary: 'Preview a rejudge: re-run candidate submissions of a version (or an assessment) on another version', roles: ['admin', 'author'],
    rule: 'Authors: only submissions of assessments their token created.',
  },
  getRejudge: { method: 'get', path: '/v1/rejudges/:id', summary: 'A rejudge: old and new verdict and score per submission, and how many change', roles: READERS, rule: 'Authors: only their own rejudges.' },
  applyRejudge: { method: 'post', path: '/v1/rejudges/:id/apply', summary: 'Make the rejudged results current (earlier results stay in the history)', roles: ['admin', 'author'], rule: 'Authors: only their own rejudges.' },
  cancelRejudge: { method: 'post', path: '/v1/rejudges/:id/cancel', summary: 'Discard a rejudge preview', roles: ['admin', 'author'], rule: 'Authors: only their own rejudges.' },
  openapi: { method: 'get', path: '/openapi.json', summary: 'This API as an OpenAPI 3.1 document', roles: 'public' },
  docs: { method: 'get', path: '/docs', summary: 'This API as a readable page', roles: 'public' },
  metrics: {
    method: 'get', path: '/metrics', summary: 'Prometheus metrics: queues, judgements, sandbox runs, webhooks, analyses, API requests', roles: ['admin'],
    rule: 'Scrapers without an admin token use METRICS_PORT: the same metrics on a loopback port of their own, no token.',
  },
  me: { method: 'get', path: '/v1/me', summary: 'The caller: role, token, and for a candidate the invite, assessment, challenges and deadline', roles: EVERY_ROLE },
  finishAssessment: { method: 'post', path: '/v1/me/finish', summary: 'The candidate is done: their clock stops, later submissions are 403 assessment_finished; sends invite.finished', roles: ['candidate'] },
  createToken: { method: 'post', path: '/v1/tokens', summary: 'Issue an admin, author or grader token (the secret is returned once)', roles: ['admin'] },
  listTokens: { method: 'get', path: '/v1/tokens', summary: 'Every token, without secrets', roles: ['admin'] },
  revokeToken: { method: 'delete', path: '/v1/tokens/:id', summary: 'Revoke a token (idempotent)', roles: ['admin'] },
  listSubmissions: {
    method: 'get', path: '/v1/submissions', summary: 'Candidate submissions, newest first: filters, `limit`/`cursor` pages and `fields=`', roles: EVERY_ROLE,
    rule: 'Candidates: their own. Authors: those of assessments their token created. Admins and graders: every candidate submission (never gate, rejudge or practice runs).',
  },
  createSubmission: {
    method: 'post', path: '/v1/submissions', summary: 'Submit files for judging (202, queued)', roles: EVERY_ROLE,
    rule: 'Candidates: only challenges of their assessment (its pinned version), inside their window, within the per-minute and in-flight limits. Staff submit against the latest published version.',
  },
  getSubmission: {
    method: 'get', path: '/v1/submissions/:id', summary: 'A submission and, once finished, its result', roles: EVERY_ROLE,
    rule: 'Candidates: only their own (404 otherwise), public tests in full and hidden tests as counts. Authors: staff submissions and their assessments\' ones.',
  },
  submissionEvents: {
    method: 'get', path: '/v1/submissions/:id/events', summary: 'Server-sent events: queued, running, finished', roles: EVERY_ROLE,
    rule: 'Whoever may read the submission; the finished event carries the same body as GET.',
  },
  getSubmissionReport: {
    method: 'get', path: '/v1/submissions/:id/report', summary: 'The graders\' report: tests by group, code quality, LLM usage against the reference, files, output', roles: READERS,
    rule: 'Staff only: candidates get 403 (the report holds hidden tests, output and usage). Authors: staff submissions and their assessments\' ones (404 otherwise).',
  },
  // The candidate's editor: drafts kept server-side, the latest submission to restore, practice runs.
  getDraft: {
    method: 'get', path: '/v1/drafts/:slug/:language', summary: 'The caller\'s saved editor draft of a challenge in a language (files: null when none)', roles: ['candidate'],
    rule: EDITOR,
  },
  saveDraft: {
    method: 'put', path: '/v1/drafts/:slug/:language', summary: 'Save the caller\'s editor draft (the file-map rules of a submission, at most DRAFT_MAX_BYTES)', roles: ['candidate'],
    rule: `${EDITOR} Writes only inside the candidate's window (403 assessment_not_open / assessment_closed).`,
  },
  getLatestSubmission: {
    method: 'get', path: '/v1/me/challenges/:slug/latest-submission', summary: 'The files of the caller\'s latest submission of a challenge, to restore into the editor', roles: ['candidate'],
    rule: `${EDITOR} 404 submission_not_found when there is none; practice runs are not submissions.`,
  },
  createPracticeRun: {
    method: 'post', path: '/v1/practice-runs', summary: 'Run the public tests only, ungraded (202, queued; read it at /v1/submissions/:id)', roles: ['candidate'],
    rule: 'Candidates: their assessment\'s pinned version, inside their window, at most PRACTICE_RUNS_PER_MINUTE (429 rate_limited). Never a submission: no submission limit, list, report, webhook or analysis; no hidden test runs.',
  },
  createAssessment: { method: 'post', path: '/v1/assessments', summary: 'Create an assessment pinning the current version of each challenge', roles: ['admin', 'author'] },
  listAssessments: { method: 'get', path: '/v1/assessments', summary: 'Assessments (an author sees their own)', roles: READERS },
  getAssessment: { method: 'get', path: '/v1/assessments/:id', summary: 'One assessment', roles: READERS, rule: OWN },
  createInvite: { method: 'post', path: '/v1/assessments/:id/invites', summary: 'Invite a candidate; returns their token once', roles: ['admin', 'author'], rule: OWN },
  listInvites: { method: 'get', path: '/v1/assessments/:id/invites', summary: 'The invites, when each started and their deadline', roles: READERS, rule: OWN },
  listAssessmentSubmissions: { method: 'get', path: '/v1/assessments/:id/submissions', summary: 'Every candidate submission of the assessment', roles: READERS, rule: OWN },
  getAssessmentSimilarity: {
    method: 'get', path: '/v1/assessments/:id/similarity', summary: 'Similarity across the cohort: per challenge, pairs of final solutions by shared code, those above the threshold flagged for human review', roles: READERS,
    rule: `${OWN} Flags only: nothing here changes a score or a verdict.`,
  },
  getComparison: {
    method: 'get', path: '/v1/assessments/:id/comparison', summary: 'The candidates compared: one row per invite with its final submission to each challenge, totals, time used, quality issues, LLM cost', roles: READERS,
    rule: `${OWN} The final submission follows the assessment's finalSubmission (last, or best: the highest score, ties the later); a challenge without a finished submission counts 0 of its max.`,
  },
  getComparisonCsv: {
    method: 'get', path: '/v1/assessments/:id/comparison.csv', summary: 'The same comparison as a CSV download: a header row, one row per candidate', roles: READERS,
    rule: `${OWN} RFC 4180 (CRLF, quoted fields); a cell starting with = + - @, tab or CR is prefixed with ' so spreadsheets never run it.`,
  },
  listWebhookDeliveries: { method: 'get', path: '/v1/assessments/:id/webhook-deliveries', summary: 'Every attempt to deliver the assessment\'s webhooks', roles: READERS, rule: OWN },
  // Running an assessment: editing, closing, bulk invites, revoking, extending, invite links.
  updateAssessment: {
    method: 'patch', path: '/v1/assessments/:id', summary: 'Edit an assessment: name, window, duration, callback URL; challenges while no candidate has started', roles: ['admin', 'author'],
    rule: `${OWN} Challenges change only while no candidate has started (409 assessment_started); a first callbackUrl returns its webhookSecret once.`,
  },
  closeAssessment: { method: 'post', path: '/v1/assessments/:id/close', summary: 'Close an assessment now (closesAt becomes now; later submissions are 403 assessment_closed)', roles: ['admin', 'author'], rule: OWN },
  createInvites: {
    method: 'post', path: '/v1/assessments/:id/invites/bulk', summary: 'Invite many candidates at once (all or none); returns each token once', roles: ['admin', 'author'],
    rule: `${OWN} Any invalid, repeated or already invited email or external id refuses the whole batch (400 / 409 invite_exists, by index).`,
  },
  deleteInvite: {
    method: 'delete', path: '/v1/assessments/:id/invites/:inviteId', summary: 'Delete an invite nobody used (204); a used one is 409 invite_in_use: erase it instead', roles: ['admin', 'author'], rule: OWN,
  },
  eraseInvite: {
    method: 'post', path: '/v1/assessments/:id/invites/:inviteId/erase', summary: 'Erase a candidate: the invite and all of its data (code, results, reports, deliveries, events, drafts, tokens); returns the audit record', roles: ['admin', 'author'],
    rule: `${OWN} 409 runs_in_progress while one of their runs is queued or running.`,
  },
  listErasures: { method: 'get', path: '/v1/assessments/:id/erasures', summary: 'The audit records of the assessment\'s erasures (who, when, why, how much; nothing personal)', roles: READERS, rule: OWN },
  revokeInvite: { method: 'post', path: '/v1/assessments/:id/invites/:inviteId/revoke', summary: 'Revoke an invite: its candidate\'s tokens and unused links stop working', roles: ['admin', 'author'], rule: OWN },
  extendInvite: {
    method: 'post', path: '/v1/assessments/:id/invites/:inviteId/extend', summary: 'Give one candidate extra minutes on their duration (capped)', roles: ['admin', 'author'],
    rule: `${OWN} At most 1440 extra minutes per invite in all (409 extension_too_long); closesAt stays everyone's limit.`,
  },
  createInviteLink: {
    method: 'post', path: '/v1/assessments/:id/invites/:inviteId/link', summary: 'A single-use sign-in link for the candidate (/ui/invite/<code>, 72 hours)', roles: ['admin', 'author'],
    rule: `${OWN} Using the link signs the candidate in with a fresh token (earlier ones are revoked); the code is stored hashed and returned once.`,
  },
} satisfies Record<string, Operation>;

export type OperationId = keyof typeof OPERATIONS;

const pathPatterns = Object.values(OPERATIONS as Record<string, Operation>).map((op) => ({
  pattern: new RegExp(`^${op.path.replace(/:\w+/g, '[^/]+')}/?$`),
  method: op.method.toUpperCase(),
}));

/** The methods the API answers on `path` (empty when no operation lives there): a 405's `Allow` header. */
export function allowedMethods(path: string): string[] {
  const methods = pathPatterns.filter((p) => p.pattern.test(path)).map((p) => p.method);
  if (methods.includes('GET')) methods.push('HEAD');
  return [...new Set(methods)];
}

/** Mounts a handler for an operation, behind `requireRole` unless the operation is public. */
export function addRoute(router: Router, deps: { db: Db; config: Config }, op: Operation, ...handlers: RequestHandler[]): void {
  const guard = op.roles === 'public' ? [] : [requireRole(deps, op.roles)];
  router[op.method](op.path, ...guard, ...handlers);
}
