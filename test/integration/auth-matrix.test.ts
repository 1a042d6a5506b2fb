/**
 * Every endpoint × every kind of caller → the expected status, with every body checked for leaks: a candidate never
 * sees a hidden test name (taken from `challenges.test_plan`), the captured output or the internal error cause, and
 * another candidate's submission answers exactly like one that does not exist.
 */
import { createTestContext, bearer, http, waitForVerdict, type TestContext } from '../helpers/test-context';
import { createAssessment, hiddenTestNames, invite, issueToken, readEvents, REFERENCE, submit } from '../helpers/assessment-fixtures';

jest.setTimeout(180_000);

const CALLERS = ['none', 'bogus', 'revoked', 'expired', 'bootstrap', 'admin', 'author', 'otherAuthor', 'grader', 'candidate', 'otherCandidate'] as const;
type Caller = (typeof CALLERS)[number];
const VALID: Caller[] = ['bootstrap', 'admin', 'author', 'otherAuthor', 'grader', 'candidate', 'otherCandidate'];
const STAFF: Caller[] = ['bootstrap', 'admin', 'author', 'otherAuthor', 'grader'];

let ctx: TestContext;
const tokens = {} as Record<Caller, string | null>;
const ids = {} as { assessment: string; timed: string; candidateSubmission: string; staffSubmission: string };
let hidden: string[];

beforeAll(async () => {
  ctx = await createTestContext({ worker: true });
  tokens.none = null;
  tokens.bogus = 'jdg_not-a-token-anyone-issued';
  tokens.bootstrap = ctx.adminToken;
  for (const [who, role] of [['admin', 'admin'], ['author', 'author'], ['otherAuthor', 'author'], ['grader', 'grader']] as const) {
    tokens[who] = (await issueToken(ctx, role)).token;
  }
  const revoked = await issueToken(ctx, 'admin');
  await http(ctx, 'DELETE', `/v1/tokens/${revoked.id}`);
  tokens.revoked = revoked.token;
  const expired = await issueToken(ctx, 'admin');
  await ctx.db.query(`UPDATE api_tokens SET expires_at = now() - interval '1 minute' WHERE id = $1`, [expired.id]);
  tokens.expired = expired.token;

  const assessment = await createAssessment(ctx, { name: 'Matrix' }, tokens.author!);
  ids.assessment = assessment.id;
  ids.timed = (await createAssessment(ctx, { name: 'Matrix, timed', durationMinutes: 60 }, tokens.author!)).id;
  tokens.candidate = (await invite(ctx, assessment.id, tokens.author!)).token;
  tokens.otherCandidate = (await invite(ctx, assessment.id, tokens.author!)).token;
  ids.candidateSubmission = (await submit(ctx, tokens.candidate!, REFERENCE)).json.id;
  ids.staffSubmission = (await submit(ctx, tokens.grader!)).json.id;
  await waitForVerdict(ctx, ids.candidateSubmission);
  await waitForVerdict(ctx, ids.staffSubmission);
  hidden = await hiddenTestNames(ctx, 'rag-chunking');
  expect(hidden.length).toBeGreaterThan(10);
});
afterAll(async () => ctx.close());

/** Expected statuses: bad tokens 401, `ok` callers `status`, `invisible` callers 404, everyone else 403. */
function expecting(status: number, ok: Caller[], invisible: Caller[] = []): Record<Caller, number> {
  return Object.fromEntries(CALLERS.map((c) => [c,
    ['none', 'bogus', 'revoked', 'expired'].includes(c) ? 401 : ok.includes(c) ? status : invisible.includes(c) ? 404 : 403])) as Record<Caller, number>;
}
const PUBLIC = Object.fromEntries(CALLERS.map((c) => [c, 200])) as Record<Caller, number>;
const READERS: Caller[] = ['bootstrap', 'admin', 'author', 'grader'];
const WRITERS: Caller[] = ['bootstrap', 'admin', 'author'];
let seq = 0;

interface Row {
  method: string;
  path: () => string | Promise<string>;
  body?: () => unknown;
  expected: Record<Caller, number>;
}

const ROWS: Array<[string, Row]> = [
  ['GET /', { method: 'GET', path: () => '/', expected: PUBLIC }],
  ['GET /healthz', { method: 'GET', path: () => '/healthz', expected: PUBLIC }],
  ['GET /readyz', { method: 'GET', path: () => '/readyz', expected: PUBLIC }],
  ['GET /v1/challenges', { method: 'GET', path: () => '/v1/challenges', expected: PUBLIC }],
  ['GET /v1/challenges/:slug', { method: 'GET', path: () => '/v1/challenges/rag-chunking', expected: PUBLIC }],
  ['GET /v1/challenges/:slug/versions/:version', { method: 'GET', path: () => '/v1/challenges/rag-chunking/versions/1', expected: PUBLIC }],
  ['GET /openapi.json', { method: 'GET', path: () => '/openapi.json', expected: PUBLIC }],
  ['GET /docs', { method: 'GET', path: () => '/docs', expected: PUBLIC }],
  ['GET /metrics', { method: 'GET', path: () => '/metrics', expected: expecting(200, ['bootstrap', 'admin']) }],
  ['GET /v1/me', { method: 'GET', path: () => '/v1/me', expected: expecting(200, VALID) }],
  ['POST /v1/tokens', { method: 'POST', path: () => '/v1/tokens', body: () => ({ role: 'grader', name: 'made in the matrix' }), expected: expecting(201, ['bootstrap', 'admin']) }],
  ['GET /v1/tokens', { method: 'GET', path: () => '/v1/tokens', expected: expecting(200, ['bootstrap', 'admin']) }],
  ['DELETE /v1/tokens/:id', { method: 'DELETE', path: async () => `/v1/tokens/${(await issueToken(ctx, 'grader')).id}`, expected: expecting(204, ['bootstrap', 'admin']) }],
  ['POST /v1/submissions', { method: 'POST', path: () => '/v1/submissions', body: () => ({ challenge: 'rag-chunking', language: 'typescript', files: { 'src/solution.ts': 'export function chunk() { return []; }' } }), expected: expecting(202, VALID) }],
  ['GET /v1/submissions/:id (a candidate\'s)', { method: 'GET', path: () => `/v1/submissions/${ids.candidateSubmission}`, expected: expecting(200, [...READERS, 'candidate'], ['otherAuthor', 'otherCandidate']) }],
  ['GET /v1/submissions/:id/events (a candidate\'s)', { method: 'GET', path: () => `/v1/submissions/${ids.candidateSubmission}/events`, expected: expecting(200, [...READERS, 'candidate'], ['otherAuthor', 'otherCandidate']) }],
  ['GET /v1/submissions/:id (a staff one)', { method: 'GET', path: () => `/v1/submissions/${ids.staffSubmission}`, expected: expecting(200, STAFF, ['candidate', 'otherCandidate']) }],
  // the candidate editor: a candidate's own drafts, latest submission and practice runs; staff 403
  ['GET /v1/drafts/:slug/:language', { method: 'GET', path: () => '/v1/drafts/rag-chunking/typescript', expected: expecting(200, ['candidate', 'otherCandidate']) }],
  ['PUT /v1/drafts/:slug/:language', { method: 'PUT', path: () => '/v1/drafts/rag-chunking/typescript', body: () => ({ files: { 'src/solution.ts': 'export {};' } }), expected: expecting(200, ['candidate', 'otherCandidate']) }],
  ['GET /v1/me/challenges/:slug/latest-submission', { method: 'GET', path: () => '/v1/me/challenges/rag-chunking/latest-submission', expected: expecting(200, ['candidate', 'otherCandidate']) }], // both submitted in the row above
  ['POST /v1/practice-runs', { method: 'POST', path: () => '/v1/practice-runs', body: () => ({ challenge: 'rag-chunking', language: 'typescript', files: { 'src/solution.ts': 'export function chunk() { return []; }' } }), expected: expecting(202, ['candidate', 'otherCandidate']) }],
  ['POST /v1/assessments', { method: 'POST', path: () => '/v1/assessments', body: () => ({ name: 'x', challenges: ['rag-chunking'] }), expected: expecting(201, ['bootstrap', 'admin', 'author', 'otherAuthor']) }],
  ['GET /v1/assessments', { method: 'GET', path: () => '/v1/assessments', expected: expecting(200, STAFF) }],
  ['GET /v1/assessments/:id', { method: 'GET', path: () => `/v1/assessments/${ids.assessment}`, expected: expecting(200, READERS, ['otherAuthor']) }],
  ['POST /v1/assessments/:id/invites', { method: 'POST', path: () => `/v1/assessments/${ids.assessment}/invites`, body: () => ({ name: 'n', email: `m${(seq += 1)}@example.com` }), expected: expecting(201, ['bootstrap', 'admin', 'author'], ['otherAuthor']) }],
  ['GET /v1/assessments/:id/invites', { method: 'GET', path: () => `/v1/assessments/${ids.assessment}/invites`, expected: expecting(200, READERS, ['otherAuthor']) }],
  ['GET /v1/assessments/:id/submissions', { method: 'GET', path: () => `/v1/assessments/${ids.assessment}/submissions`, expected: expecting(200, READERS, ['otherAuthor']) }],
  ['GET /v1/assessments/:id/similarity', { method: 'GET', path: () => `/v1/assessments/${ids.assessment}/similarity`, expected: expecting(200, READERS, ['otherAuthor']) }],
  ['GET /v1/assessments/:id/comparison', { method: 'GET', path: () => `/v1/assessments/${ids.assessment}/comparison`, expected: expecting(200, READERS, ['otherAuthor']) }],
  ['GET /v1/assessments/:id/comparison.csv', { method: 'GET', path: () => `/v1/assessments/${ids.assessment}/comparison.csv`, expected: expecting(200, READERS, ['otherAuthor']) }],
  ['GET /v1/assessments/:id/webhook-deliveries', { method: 'GET', path: () => `/v1/assessments/${ids.assessment}/webhook-deliveries`, expected: expecting(200, READERS, ['otherAuthor']) }],
  // Running an assessment: each write acts on a fresh assessment or invite, so the rows above keep theirs.
  ['PATCH /v1/assessments/:id', { method: 'PATCH', path: () => `/v1/assessments/${ids.assessment}`, body: () => ({ name: 'Matrix' }), expected: expecting(200, WRITERS, ['otherAuthor']) }],
  ['POST /v1/assessments/:id/close', { method: 'POST', path: async () => `/v1/assessments/${(await createAssessment(ctx, {}, tokens.author!)).id}/close`, expected: expecting(200, WRITERS, ['otherAuthor']) }],
  ['POST /v1/assessments/:id/invites/bulk', { method: 'POST', path: () => `/v1/assessments/${ids.assessment}/invites/bulk`, body: () => ({ invites: [{ name: 'n', email: `bulk${(seq += 1)}@example.com` }] }), expected: expecting(201, WRITERS, ['otherAuthor']) }],
  ['POST /v1/assessments/:id/invites/:inviteId/revoke', { method: 'POST', path: async () => `/v1/assessments/${ids.assessment}/invites/${(await invite(ctx, ids.assessment, tokens.author!)).id}/revoke`, expected: expecting(200, WRITERS, ['otherAuthor']) }],
  ['POST /v1/assessments/:id/invites/:inviteId/extend', { method: 'POST', path: async () => `/v1/assessments/${ids.timed}/invites/${(await invite(ctx, ids.timed, tokens.author!)).id}/extend`, body: () => ({ minutes: 5 }), expected: expecting(200, WRITERS, ['otherAuthor']) }],
  ['POST /v1/assessments/:id/invites/:inviteId/link', { method: 'POST', path: async () => `/v1/assessments/${ids.assessment}/invites/${(await invite(ctx, ids.assessment, tokens.author!)).id}/link`, expected: expecting(201, WRITERS, ['otherAuthor']) }],
];

const ERROR_CODES: Record<number, RegExp> = { 401: /^unauthenticated$/, 403: /^forbidden$/, 404: /_not_found$/ };

const CASES = ROWS.flatMap(([name, row]) => CALLERS.map((caller) => [name, caller, row.expected[caller], row] as const));

test.each(CASES)('%s as %s → %i', async (_name, caller, status, row) => {
  const path = await row.path();
  const isEventStream = row.method === 'GET' && path.endsWith('/events');
  const res = isEventStream
    ? await readEvents(`${ctx.api.url}${path}`, tokens[caller] ? bearer(tokens[caller]) : {}).then(async (r) => ({ ...r, text: JSON.stringify(r.events), json: r.events }))
    : await http(ctx, row.method, path, row.body?.(), bearer(tokens[caller]));
  expect(res.status).toBe(status);
  // an error answers with the code of its status (the event-stream reader keeps only events: no body to check there)
  if (status >= 400 && !isEventStream) expect(res.json).toMatchObject({ error: { code: expect.stringMatching(ERROR_CODES[status]!) } });
  if (caller === 'candidate' || caller === 'otherCandidate') {
    for (const name of hidden) expect(res.text).not.toContain(name);
    if (status < 300 && path.startsWith('/v1/submissions')) {
      const views = Array.isArray(res.json) ? res.json.map((e: { data: unknown }) => e.data) : [res.json];
      for (const view of views) for (const key of ['output', 'llmUsage', 'error', 'inviteId']) expect(view).not.toHaveProperty(key);
    }
  }
});

describe('what each caller sees of a finished candidate submission', () => {
  test('the candidate: public tests in full, hidden tests as counts, no output, no error cause', async () => {
    const res = await http(ctx, 'GET', `/v1/submissions/${ids.candidateSubmission}`, undefined, bearer(tokens.candidate));
    expect(res.json.verdict).toBe('accepted');
    expect(res.json.tests.length).toBeGreaterThan(0);
    expect(res.json.tests.filter((t: { visibility: string }) => t.visibility !== 'public')).toEqual([]);
    expect(res.json.hiddenSummary).toEqual({ passed: hidden.length, total: hidden.length });
    expect(res.json).not.toHaveProperty('output');
    expect(res.json).not.toHaveProperty('error');
    expect(res.json).not.toHaveProperty('inviteId');
  });

  test('a grader: every test by name, the output and the error field', async () => {
    const res = await http(ctx, 'GET', `/v1/submissions/${ids.candidateSubmission}`, undefined, bearer(tokens.grader));
    const names = res.json.tests.map((t: { name: string }) => t.name);
    expect(names).toEqual(expect.arrayContaining(hidden));
    expect(res.json).toHaveProperty('output');
    expect(res.json.error).toBeNull();
    expect(res.json.inviteId).toEqual(expect.any(String));
  });

  test('the candidate\'s live stream ends with the same body as GET', async () => {
    const { events } = await readEvents(`${ctx.api.url}/v1/submissions/${ids.candidateSubmission}/events`, bearer(tokens.candidate));
    const get = await http(ctx, 'GET', `/v1/submissions/${ids.candidateSubmission}`, undefined, bearer(tokens.candidate));
    expect(events.map((e) => e.event)).toEqual(['queued', 'running', 'finished']);
    expect(events[2]!.data).toEqual(get.json);
  });

  test('another candidate gets exactly what a missing submission gives', async () => {
    const theirs = await http(ctx, 'GET', `/v1/submissions/${ids.candidateSubmission}`, undefined, bearer(tokens.otherCandidate));
    const missing = await http(ctx, 'GET', '/v1/submissions/00000000-0000-4000-8000-000000000000', undefined, bearer(tokens.otherCandidate));
    expect(theirs.status).toBe(404);
    expect(theirs.text).toBe(missing.text);
  });

  test('an internal_error keeps its cause for graders only', async () => {
    const id = ids.candidateSubmission;
    const { rows } = await ctx.db.query(`INSERT INTO submissions (challenge_id, language, files, invite_id, status, verdict, score, max_score, result, error)
      SELECT challenge_id, language, files, invite_id, 'finished', 'internal_error', 0, max_score,
        jsonb_build_object('version', 1, 'verdict', 'internal_error', 'score', 0, 'maxScore', max_score, 'message', 'The judge could not run this submission.',
          'tests', '[]'::jsonb, 'output', '', 'outputTruncated', false, 'durationMs', 0), 'Error: docker went away at secret/place.ts:12'
      FROM submissions WHERE id = $1 RETURNING id`, [id]);
    const failed = rows[0].id as string;
    const staff = await http(ctx, 'GET', `/v1/submissions/${failed}`, undefined, bearer(tokens.grader));
    expect(staff.json.error).toMatch(/docker went away/);
    const candidate = await http(ctx, 'GET', `/v1/submissions/${failed}`, undefined, bearer(tokens.candidate));
    expect(candidate.json.verdict).toBe('internal_error');
    expect(candidate.text).not.toMatch(/docker went away|secret\/place/);
  });

  test('an author lists only their own assessments', async () => {
    const own = await http(ctx, 'GET', '/v1/assessments', undefined, bearer(tokens.author));
    const other = await http(ctx, 'GET', '/v1/assessments', undefined, bearer(tokens.otherAuthor));
    expect(own.json.assessments.map((a: { id: string }) => a.id)).toContain(ids.assessment);
    expect(other.json.assessments.map((a: { id: string }) => a.id)).not.toContain(ids.assessment);
  });
});
