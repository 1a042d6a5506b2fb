/**
 * The candidate editor's server side: drafts (own invite only, file-map rules, size cap, window, CSRF-safe writes)
 * and practice runs (public tests only, their own rate limit, never counted, listed, reported or sent as a webhook).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAssessment, hiddenTestNames, invite, issueToken, REFERENCE, submit } from '../helpers/assessment-fixtures';
import { bearer, createTestContext, http, waitForVerdict, type TestContext } from '../helpers/test-context';

jest.setTimeout(180_000);

let ctx: TestContext;
let hooks: Server;
const hookBodies: string[] = [];
let assessmentId: string;
let candidate: string;
let other: string;
let grader: string;

beforeAll(async () => {
  ctx = await createTestContext({
    worker: true,
    config: { PRACTICE_RUNS_PER_MINUTE: 2, CANDIDATE_SUBMISSIONS_PER_MINUTE: 1, DRAFT_MAX_BYTES: 2_048, WEBHOOK_ALLOWED_TARGETS: '127.0.0.1' },
  });
  hooks = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      hookBodies.push(body);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
  const assessment = await createAssessment(ctx, { callbackUrl: `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/hook` });
  assessmentId = assessment.id;
  candidate = (await invite(ctx, assessmentId)).token;
  other = (await invite(ctx, assessmentId)).token;
  grader = (await issueToken(ctx, 'grader')).token;
});
afterAll(async () => {
  hooks?.close();
  await ctx?.close();
});

const DRAFT = '/v1/drafts/rag-chunking/typescript';

describe('drafts', () => {
  test('none at first; saved; read back by the same invite only', async () => {
    expect((await http(ctx, 'GET', DRAFT, undefined, bearer(candidate))).json).toEqual({ challenge: 'rag-chunking', language: 'typescript', files: null, updatedAt: null });
    const saved = await http(ctx, 'PUT', DRAFT, { files: { 'src/solution.ts': 'export const x = 1;' } }, bearer(candidate));
    expect(saved.status).toBe(200);
    expect(saved.json.updatedAt).toEqual(expect.any(String));
    expect((await http(ctx, 'GET', DRAFT, undefined, bearer(candidate))).json.files).toEqual({ 'src/solution.ts': 'export const x = 1;' });
    expect((await http(ctx, 'GET', DRAFT, undefined, bearer(other))).json.files).toBeNull();
    expect((await http(ctx, 'GET', '/v1/drafts/rag-chunking/javascript', undefined, bearer(candidate))).json.files).toBeNull();
  });

  test('validated like a submission\'s file map, capped by DRAFT_MAX_BYTES, only the judge\'s languages and the assessment\'s challenges', async () => {
    const put = (files: unknown, path = DRAFT) => http(ctx, 'PUT', path, { files }, bearer(candidate));
    const traversal = await put({ '../x.ts': 'x' });
    expect(traversal.status).toBe(400);
    expect(traversal.json.error.code).toBe('validation_failed');
    expect((await put({})).json.error.message).toMatch(/at least one file/);
    expect((await put({ 'a.ts': 'x'.repeat(3_000) })).json.error.message).toMatch(/at most 2048 bytes/);
    const unknown = await put({ 'a.ts': 'x' }, '/v1/drafts/rag-chunking/cobol');
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.message).toMatch(/path/);
    expect((await put({ 'a.ts': 'x' }, '/v1/drafts/pii-redaction/typescript')).json.error.code).toBe('challenge_not_found');
  });

  test('staff have no drafts (403); the cookie alone cannot write (401); the page\'s post needs the judge\'s origin', async () => {
    expect((await http(ctx, 'GET', DRAFT, undefined, bearer(grader))).status).toBe(403);
    const cookie = { authorization: '', cookie: `judge_token=${candidate}` };
    expect((await http(ctx, 'PUT', DRAFT, { files: { 'a.ts': 'x' } }, cookie)).status).toBe(401);
    const post = '/ui/editor/drafts/rag-chunking/typescript';
    const crossSite = await http(ctx, 'POST', post, { files: { 'src/solution.ts': 'from elsewhere' } }, { ...cookie, origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect(crossSite.json.error.code).toBe('cross_origin_form');
    const form = await http(ctx, 'POST', post, 'files=x', { ...cookie, origin: ctx.api.url, 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.json.error.code).toBe('unsupported_media_type');
    const ok = await http(ctx, 'POST', post, { files: { 'src/solution.ts': 'from the page' } }, { ...cookie, origin: ctx.api.url });
    expect(ok.status).toBe(200);
    expect((await http(ctx, 'GET', DRAFT, undefined, cookie)).json.files).toEqual({ 'src/solution.ts': 'from the page' });
  });
});

describe('practice runs', () => {
  let runId: string;

  test('no last submission yet; a practice run is queued and judged with the public tests only', async () => {
    expect((await http(ctx, 'GET', '/v1/me/challenges/rag-chunking/latest-submission', undefined, bearer(candidate))).json.error.code).toBe('submission_not_found');
    const started = await http(ctx, 'POST', '/v1/practice-runs', { challenge: 'rag-chunking', language: 'typescript', files: REFERENCE }, bearer(candidate));
    expect(started.status).toBe(202);
    expect(started.json).toMatchObject({ status: 'queued', purpose: 'practice' });
    runId = started.json.id;
    await waitForVerdict(ctx, runId);
    const hidden = await hiddenTestNames(ctx, 'rag-chunking');
    const { rows } = await ctx.db.query(`SELECT count(*)::int AS n FROM challenges c, jsonb_array_elements(c.test_plan) t
      WHERE c.slug = 'rag-chunking' AND t->>'visibility' = 'public'`);
    // graders see every test a run executed: only the public ones, all of them
    const staff = await http(ctx, 'GET', `/v1/submissions/${runId}`, undefined, bearer(grader));
    expect(staff.json.verdict).toBe('accepted');
    expect(staff.json.tests.map((t: { visibility: string }) => t.visibility)).toEqual(Array(rows[0].n).fill('public'));
    expect(staff.text).not.toMatch(new RegExp(hidden.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')));
    const mine = await http(ctx, 'GET', `/v1/submissions/${runId}`, undefined, bearer(candidate));
    expect(mine.json.hiddenSummary).toEqual({ passed: 0, total: 0 });
    expect((await http(ctx, 'GET', `/v1/submissions/${runId}`, undefined, bearer(other))).status).toBe(404);
  });

  test('its own per-minute limit, apart from the submissions\' (which allow 1 here)', async () => {
    const body = { challenge: 'rag-chunking', language: 'typescript', files: { 'src/solution.ts': 'export function chunk() { return []; }' } };
    expect((await http(ctx, 'POST', '/v1/practice-runs', body, bearer(candidate))).status).toBe(202);
    const third = await http(ctx, 'POST', '/v1/practice-runs', body, bearer(candidate));
    expect(third.status).toBe(429);
    expect(third.json.error.code).toBe('rate_limited');
    expect(third.headers.get('retry-after')).toMatch(/^\d+$/);
    const real = await submit(ctx, candidate, REFERENCE);
    expect(real.status).toBe(202); // two practice runs used none of the one submission a minute
    await waitForVerdict(ctx, real.json.id);
    const latest = await http(ctx, 'GET', '/v1/me/challenges/rag-chunking/latest-submission', undefined, bearer(candidate));
    expect(latest.json).toMatchObject({ id: real.json.id, language: 'typescript', files: REFERENCE });
  });

  test('never in the assessment\'s lists, invite counts or webhooks', async () => {
    const list = await http(ctx, 'GET', `/v1/assessments/${assessmentId}/submissions`, undefined, bearer(grader));
    expect(list.json.submissions).toHaveLength(1);
    expect(list.json.submissions.map((s: { id: string }) => s.id)).not.toContain(runId);
    const invites = await http(ctx, 'GET', `/v1/assessments/${assessmentId}/invites`, undefined, bearer(grader));
    expect(invites.json.invites.map((i: { submissions: number }) => i.submissions).sort()).toEqual([0, 1]);
    const finished = () => hookBodies.map((b) => JSON.parse(b)).filter((b) => b.event === 'submission.finished');
    for (let i = 0; i < 50 && finished().length === 0; i += 1) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500));
    expect(finished().map((b) => b.submissionId)).toEqual([list.json.submissions[0].id]);
  });

  test('staff are refused (they submit to see every test); a bad body is 400 and stores nothing', async () => {
    const body = { challenge: 'rag-chunking', language: 'typescript', files: REFERENCE };
    expect((await http(ctx, 'POST', '/v1/practice-runs', body, bearer(grader))).status).toBe(403);
    expect((await http(ctx, 'POST', '/v1/practice-runs', { ...body, files: { '/etc/x': '' } }, bearer(other))).status).toBe(400);
  });
});

describe('the candidate\'s window', () => {
  test('after the deadline drafts and practice runs are refused like submissions; the draft stays readable', async () => {
    const timed = await createAssessment(ctx, { name: 'Timed', durationMinutes: 30 });
    const late = await invite(ctx, timed.id);
    expect((await http(ctx, 'PUT', DRAFT, { files: { 'src/solution.ts': 'early' } }, bearer(late.token))).status).toBe(200);
    await ctx.db.query(`UPDATE invites SET started_at = now() - interval '31 minutes' WHERE id = $1`, [late.id]);
    const draft = await http(ctx, 'PUT', DRAFT, { files: { 'src/solution.ts': 'late' } }, bearer(late.token));
    expect(draft.status).toBe(403);
    expect(draft.json.error.code).toBe('assessment_closed');
    const run = await http(ctx, 'POST', '/v1/practice-runs', { challenge: 'rag-chunking', language: 'typescript', files: REFERENCE }, bearer(late.token));
    expect(run.json.error.code).toBe('assessment_closed');
    expect((await http(ctx, 'GET', DRAFT, undefined, bearer(late.token))).json.files).toEqual({ 'src/solution.ts': 'early' });
  });
});
