/**
 * Rejudges through the queue and the real sandbox: a preview re-runs the candidate submissions judged against one
 * version on another and shows what would change; apply makes the new results current and keeps the old ones in the
 * history; cancel leaves everything as it was.
 */
import { createAssessment, invite } from '../helpers/assessment-fixtures';
import { scaffoldFiles, tarOf, upload, waitForGate } from '../helpers/challenge-packages';
import { bearer, createTestContext, http, waitForVerdict, type TestContext } from '../helpers/test-context';

let ctx: TestContext;
let files: Record<string, string>;
let assessmentId: string;
const ids: { reference?: string; knownBad?: string } = {};
const SLUG = 'dedupe-lines';

async function waitForRejudge(id: string): Promise<any> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const { json } = await http(ctx, 'GET', `/v1/rejudges/${id}`);
    if (json.ready) return json;
    if (Date.now() > deadline) throw new Error(`rejudge ${id} not ready: ${JSON.stringify(json.summary)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  ctx = await createTestContext({ worker: true, config: { GATE_RUNS: 1 } });
  files = await scaffoldFiles(SLUG);
  expect((await upload(ctx, tarOf(files))).status).toBe(201);
  expect((await waitForGate(ctx, SLUG, 1)).status).toBe('passed');
  expect((await http(ctx, 'POST', `/v1/challenges/${SLUG}/versions/1/publish`)).status).toBe(200);
  // Version 2 drops the case rule: the known-bad now passes everything (its own gate fails; a draft can be a target).
  const hidden = files['tests/hidden/rules.test.ts']!;
  const withoutCaseRule = hidden.replace(/ {2}test\('duplicates that differ only in case[\s\S]*?\}, \{ weight: 2 \}\);\n\n/, '');
  expect(withoutCaseRule).not.toContain('differ only in case');
  expect((await upload(ctx, tarOf({ ...files, 'tests/hidden/rules.test.ts': withoutCaseRule }))).json).toMatchObject({ version: 2 });

  const assessment = await createAssessment(ctx, { challenges: [SLUG] });
  assessmentId = assessment.id;
  const candidate = await invite(ctx, assessment.id);
  for (const [key, solution] of [['reference', 'reference'], ['knownBad', 'case-sensitive']] as const) {
    const res = await http(ctx, 'POST', '/v1/submissions', { challenge: SLUG, language: 'typescript', files: { 'src/solution.ts': files[`solutions/${solution}/src/solution.ts`]! } }, bearer(candidate.token));
    ids[key] = res.json.id;
    await waitForVerdict(ctx, res.json.id, 120_000);
  }
}, 300_000);
afterAll(async () => ctx.close());

test('a cancelled preview changes nothing', async () => {
  const created = await http(ctx, 'POST', '/v1/rejudges', { from: { assessmentId }, to: { slug: SLUG, version: 2 } });
  expect(created.status).toBe(201);
  const preview = await waitForRejudge(created.json.id);
  expect(preview.summary).toMatchObject({ total: 2, finished: 2, verdictChanged: 1 });
  const cancelled = await http(ctx, 'POST', `/v1/rejudges/${created.json.id}/cancel`);
  expect(cancelled.json.status).toBe('cancelled');
  expect((await http(ctx, 'POST', `/v1/rejudges/${created.json.id}/apply`)).json.error.code).toBe('rejudge_decided');
  const knownBad = await http(ctx, 'GET', `/v1/submissions/${ids.knownBad}`);
  expect(knownBad.json).toMatchObject({ verdict: 'partial', history: [] });
}, 200_000);

test('preview shows what would change; apply makes it current and keeps the old result in the history', async () => {
  const created = await http(ctx, 'POST', '/v1/rejudges', { from: { slug: SLUG, version: 1 }, to: { slug: SLUG, version: 2 } });
  expect(created.status).toBe(201);
  expect(created.json.status).toBe('preview');
  const preview = await waitForRejudge(created.json.id);
  // Version 2 has one weight-2 test less: the known-bad goes partial 3/5 → accepted 3/3, the reference 5/5 → 3/3.
  expect(preview.summary).toEqual({ total: 2, finished: 2, changed: 2, verdictChanged: 1, scoreChanged: 1, skipped: 0 });
  const bad = preview.items.find((i: any) => i.submissionId === ids.knownBad);
  expect(bad).toMatchObject({ changed: true, old: { verdict: 'partial', score: 3, maxScore: 5, challenge: { version: 1 } }, new: { verdict: 'accepted', score: 3, maxScore: 3 } });
  expect(preview.items.find((i: any) => i.submissionId === ids.reference)).toMatchObject({ changed: true, old: { verdict: 'accepted', score: 5 }, new: { verdict: 'accepted', score: 3 } });
  // The preview touched nothing: the submission and the assessment list still show the old result.
  expect((await http(ctx, 'GET', `/v1/submissions/${ids.knownBad}`)).json.verdict).toBe('partial');
  const beforeList = (await http(ctx, 'GET', `/v1/assessments/${assessmentId}/submissions`)).json.submissions;
  expect(beforeList).toHaveLength(2);

  const applied = await http(ctx, 'POST', `/v1/rejudges/${created.json.id}/apply`);
  expect(applied.json).toMatchObject({ status: 'applied', summary: { changed: 2 } });
  expect(applied.json.items.find((i: any) => i.submissionId === ids.knownBad)).toMatchObject({ old: { verdict: 'partial' }, new: { verdict: 'accepted' } });
  expect((await http(ctx, 'POST', `/v1/rejudges/${created.json.id}/apply`)).status).toBe(409);

  const now = await http(ctx, 'GET', `/v1/submissions/${ids.knownBad}`);
  expect(now.json).toMatchObject({ verdict: 'accepted', challenge: { version: 1 }, resultChallenge: { slug: SLUG, version: 2 } });
  expect(now.json.history.map((h: any) => [h.challenge.version, h.verdict, h.rejudgeId])).toEqual([[1, 'partial', null], [2, 'accepted', created.json.id]]);
  const afterList = (await http(ctx, 'GET', `/v1/assessments/${assessmentId}/submissions`)).json.submissions;
  expect(afterList.find((s: any) => s.id === ids.knownBad).verdict).toBe('accepted');
  expect(afterList).toHaveLength(2);
  // The original stays readable in the history table; nothing was overwritten without a copy.
  const { rows } = await ctx.db.query('SELECT verdict, rejudge_id FROM submission_results WHERE submission_id = $1 ORDER BY id', [ids.knownBad]);
  expect(rows).toEqual([{ verdict: 'partial', rejudge_id: null }, { verdict: 'accepted', rejudge_id: created.json.id }]);
}, 200_000);

test('rejudges are for admins and authors; a rejudge to another slug is refused', async () => {
  const grader = (await http(ctx, 'POST', '/v1/tokens', { role: 'grader', name: 'g' })).json.token;
  expect((await http(ctx, 'POST', '/v1/rejudges', { from: { assessmentId }, to: { slug: SLUG, version: 2 } }, bearer(grader))).status).toBe(403);
  const mismatch = await http(ctx, 'POST', '/v1/rejudges', { from: { slug: 'rag-chunking', version: 1 }, to: { slug: SLUG, version: 2 } });
  expect(mismatch.json.error.code).toBe('slug_mismatch');
  expect((await http(ctx, 'POST', '/v1/rejudges', { from: { assessmentId }, to: { slug: SLUG, version: 9 } })).status).toBe(404);
});
