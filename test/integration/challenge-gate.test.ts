/**
 * The publish gate through the queue and the real sandbox, and publishing: the scaffold passes the gate through the
 * API and a candidate takes it; a package whose known-bad passes and one whose reference flakes fail the gate and
 * cannot be published; an assessment keeps its pinned version after a later one is published.
 */
import { createAssessment, invite, issueToken } from '../helpers/assessment-fixtures';
import { scaffoldFiles, tarOf, upload, waitForGate } from '../helpers/challenge-packages';
import { bearer, createTestContext, http, waitForVerdict, type TestContext } from '../helpers/test-context';

let ctx: TestContext;
let files: Record<string, string>;
const RUNS = 3;

beforeAll(async () => {
  ctx = await createTestContext({ worker: true, config: { GATE_RUNS: RUNS } });
  files = await scaffoldFiles('dedupe-lines');
});
afterAll(async () => ctx.close());

const withSlug = (slug: string, extra: Record<string, string> = {}) => ({
  ...files, 'challenge.json': JSON.stringify({ ...JSON.parse(files['challenge.json']!), slug }), ...extra,
});

async function submitAs(token: string, slug: string, solution: Record<string, string>) {
  const res = await http(ctx, 'POST', '/v1/submissions', { challenge: slug, language: 'typescript', files: solution }, bearer(token));
  expect(res.status).toBe(202);
  return waitForVerdict(ctx, res.json.id, 120_000);
}

test('the scaffold passes the gate through the API, is published, and a candidate takes it', async () => {
  const author = await issueToken(ctx, 'author');
  const up = await upload(ctx, tarOf(withSlug('dedupe-lines')), 'application/gzip', author.token);
  expect(up.status).toBe(201);
  const early = await http(ctx, 'POST', '/v1/challenges/dedupe-lines/versions/1/publish', undefined, bearer(author.token));
  // the gate (2 × RUNS + 1 judgements) cannot have passed yet
  expect({ status: early.status, code: early.json?.error?.code }).toEqual({ status: 409, code: 'gate_not_passed' });

  const gate = await waitForGate(ctx, 'dedupe-lines', 1);
  expect(gate).toMatchObject({ status: 'passed', runs: RUNS, progress: { finished: 2 * RUNS + 1, total: 2 * RUNS + 1 }, versionStatus: 'draft' });
  expect(gate.report.map((r: any) => [r.solution, r.expected, r.verdict, r.runs, r.ok])).toEqual([
    ['reference', 'accepted', 'accepted', `${RUNS}/${RUNS}`, true],
    ['case-sensitive', 'partial', 'partial', '1/1', true],
    ['reference-javascript', 'accepted', 'accepted', `${RUNS}/${RUNS}`, true],
  ]);
  const figures = await ctx.db.query(`SELECT reference_figures FROM challenges WHERE slug = 'dedupe-lines' AND version = 1`);
  expect(figures.rows[0].reference_figures).toMatchObject({ runs: RUNS });

  const published = await http(ctx, 'POST', '/v1/challenges/dedupe-lines/versions/1/publish', undefined, bearer(author.token));
  expect(published.json).toEqual({ slug: 'dedupe-lines', version: 1, status: 'published' });
  expect((await http(ctx, 'GET', '/v1/challenges/dedupe-lines')).json).toMatchObject({ version: 1, family: 'data' });

  const assessment = await createAssessment(ctx, { challenges: ['dedupe-lines'] }, author.token);
  const candidate = await invite(ctx, assessment.id, author.token);
  const result = await submitAs(candidate.token, 'dedupe-lines', { 'src/solution.ts': files['solutions/reference/src/solution.ts']! });
  expect(result).toMatchObject({ verdict: 'accepted', challenge: { slug: 'dedupe-lines', version: 1 } });
  // The gate's rows are the judge's own: the assessment lists only the candidate's submission.
  const listed = await http(ctx, 'GET', `/v1/assessments/${assessment.id}/submissions`, undefined, bearer(author.token));
  expect(listed.json.submissions).toHaveLength(1);
}, 300_000);

test('a known-bad that passes fails the gate, and the version cannot be published', async () => {
  const passingBad = withSlug('bad-knownbad', { 'solutions/case-sensitive/src/solution.ts': files['solutions/reference/src/solution.ts']! });
  expect((await upload(ctx, tarOf(passingBad))).status).toBe(201);
  const gate = await waitForGate(ctx, 'bad-knownbad', 1);
  expect(gate.status).toBe('failed');
  const row = gate.report.find((r: any) => r.solution === 'case-sensitive');
  expect(row).toMatchObject({ verdict: 'accepted', ok: false, problem: expect.stringContaining('verdict accepted') });
  expect(gate.report).toContainEqual(expect.objectContaining({ solution: 'reference', ok: true }));
  const publish = await http(ctx, 'POST', '/v1/challenges/bad-knownbad/versions/1/publish');
  expect({ status: publish.status, code: publish.json.error.code }).toEqual({ status: 409, code: 'gate_not_passed' });
}, 300_000);

test('a flaky reference fails the gate', async () => {
  // Fails a test in 90% of runs: all 3 runs pass with probability 1/1000.
  const flaky = files['solutions/reference/src/solution.ts']!.replace('const out: string[] = [];', "const out: string[] = [];\n  if (Math.random() < 0.9) return ['flake'];");
  expect(flaky).toContain('Math.random');
  expect((await upload(ctx, tarOf(withSlug('bad-flaky', { 'solutions/reference/src/solution.ts': flaky })))).status).toBe(201);
  const gate = await waitForGate(ctx, 'bad-flaky', 1);
  expect(gate.status).toBe('failed');
  const reference = gate.report.find((r: any) => r.solution === 'reference');
  expect(reference).toMatchObject({ ok: false, runs: expect.not.stringMatching(`^${RUNS}/${RUNS}$`) });
  expect((await http(ctx, 'POST', '/v1/challenges/bad-flaky/versions/1/publish')).status).toBe(409);
}, 300_000);

test('an assessment keeps its pinned version after a later one is published', async () => {
  const old = await createAssessment(ctx, { challenges: ['dedupe-lines'] });
  const candidate = await invite(ctx, old.id);
  const v2 = await upload(ctx, tarOf(withSlug('dedupe-lines', { 'statement.md': `${files['statement.md']}\nVersion two.\n` })));
  expect(v2.json).toMatchObject({ version: 2, status: 'draft' });
  expect((await waitForGate(ctx, 'dedupe-lines', 2)).status).toBe('passed');
  expect((await http(ctx, 'POST', '/v1/challenges/dedupe-lines/versions/2/publish')).status).toBe(200);

  expect((await http(ctx, 'GET', '/v1/challenges/dedupe-lines')).json.version).toBe(2);
  expect((await createAssessment(ctx, { challenges: ['dedupe-lines'] })).challenges[0].version).toBe(2);
  expect((await http(ctx, 'GET', `/v1/assessments/${old.id}`)).json.challenges[0].version).toBe(1);
  const me = await http(ctx, 'GET', '/v1/me', undefined, bearer(candidate.token));
  expect(me.json.assessment.challenges[0].version).toBe(1);
  const result = await submitAs(candidate.token, 'dedupe-lines', { 'src/solution.ts': files['solutions/reference/src/solution.ts']! });
  expect(result.challenge).toEqual({ slug: 'dedupe-lines', version: 1 });
  const staff = await submitAs(ctx.adminToken, 'dedupe-lines', { 'src/solution.ts': files['solutions/reference/src/solution.ts']! });
  expect(staff.challenge).toEqual({ slug: 'dedupe-lines', version: 2 });
}, 300_000);
