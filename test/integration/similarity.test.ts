/**
 * `GET /v1/assessments/:id/similarity` over real PostgreSQL: each invite's latest finished submission per challenge,
 * a planted copy flagged, independent solutions not, who may read it, and that nothing of a result changes.
 * Submissions are stored through the API and marked finished in SQL: the judging itself is not what this is about.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CHALLENGES_DIR } from '../../core/challenges/load-bundled-challenges';
import { createAssessment, invite, issueToken } from '../helpers/assessment-fixtures';
import { bearer, createTestContext, http, type TestContext } from '../helpers/test-context';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'similarity');
const bundled = (slug: string, solution: string, file: string) => readFileSync(path.join(CHALLENGES_DIR, slug, 'solutions', solution, 'src', file), 'utf8');
const CLASSIFY = bundled('classify-endpoint', 'reference', 'solution.ts');
const PLANTED = readFileSync(path.join(FIXTURES, 'classify-endpoint-planted.ts.txt'), 'utf8');
const MEMORY_PY = bundled('conversation-memory', 'reference-python', 'solution.py');
const MEMORY_PY_BLIND = readFileSync(path.join(FIXTURES, 'conversation-memory-blind.py.txt'), 'utf8');
const OWN = 'export async function start(): Promise<number> {\n  return 0;\n}\n';

let ctx: TestContext;
let assessmentId: string;
let author: string;
let grader: string;
let otherAuthor: string;
const subs: Record<string, string> = {};
const names: Record<string, string> = {};
let minute = 0;

/** Submits as the candidate and marks it finished (`finish: false` leaves it queued), a minute after the previous one. */
async function submitAs(token: string, key: string, challenge: string, language: string, files: Record<string, string>, finish = true) {
  const res = await http(ctx, 'POST', '/v1/submissions', { challenge, language, files }, bearer(token));
  expect(res.status).toBe(202);
  minute += 1;
  await ctx.db.query(`UPDATE submissions SET created_at = now() - interval '1 hour' + $2 * interval '1 minute'${finish ? ", status = 'finished', verdict = 'accepted', score = 7, max_score = 10, finished_at = now()" : ''} WHERE id = $1`, [res.json.id, minute]);
  subs[key] = res.json.id;
}

beforeAll(async () => {
  ctx = await createTestContext();
  author = (await issueToken(ctx, 'author')).token;
  otherAuthor = (await issueToken(ctx, 'author')).token;
  grader = (await issueToken(ctx, 'grader')).token;
  assessmentId = (await createAssessment(ctx, { name: 'Cohort', challenges: ['classify-endpoint', 'conversation-memory'] }, author)).id;
  const people: Record<string, { token: string; id: string }> = {};
  for (const who of ['ana', 'ben', 'cy']) {
    const made = await invite(ctx, assessmentId, author);
    people[who] = made;
    names[made.id] = who;
  }
  await submitAs(people.ana!.token, 'ana', 'classify-endpoint', 'typescript', { 'src/solution.ts': CLASSIFY });
  await submitAs(people.ben!.token, 'ben', 'classify-endpoint', 'typescript', { 'src/solution.ts': PLANTED });
  await submitAs(people.ben!.token, 'ben-queued', 'classify-endpoint', 'typescript', { 'src/solution.ts': OWN }, false); // not finished: ben's final stays the copy
  await submitAs(people.cy!.token, 'cy-early', 'classify-endpoint', 'typescript', { 'src/solution.ts': CLASSIFY }); // a copy, then replaced:
  await submitAs(people.cy!.token, 'cy', 'classify-endpoint', 'typescript', { 'src/solution.ts': OWN });
  await submitAs(people.ana!.token, 'ana-py', 'conversation-memory', 'python', { 'src/solution.py': MEMORY_PY });
  await submitAs(people.ben!.token, 'ben-py', 'conversation-memory', 'python', { 'src/solution.py': MEMORY_PY_BLIND });
}, 60_000);

afterAll(() => ctx?.close());

test('per challenge: the latest finished submissions compared, the planted copy flagged, independent work not', async () => {
  const res = await http(ctx, 'GET', `/v1/assessments/${assessmentId}/similarity`, undefined, bearer(grader));
  expect(res.status).toBe(200);
  expect(res.json.note).toMatch(/^For human review; not a verdict/);
  const [classify, memory] = res.json.challenges;
  expect(classify).toMatchObject({ slug: 'classify-endpoint', version: expect.any(Number), threshold: ctx.config.SIMILARITY_THRESHOLD, candidates: 3, pairsCompared: 3, flaggedPairs: 1 });
  const copy = classify.pairs[0];
  expect([copy.a.submissionId, copy.b.submissionId].sort()).toEqual([subs.ana, subs.ben].sort());
  expect(copy).toMatchObject({ flagged: true, score: expect.any(Number), jaccard: expect.any(Number) });
  expect(copy.score).toBeGreaterThan(0.9);
  expect([names[copy.a.inviteId], names[copy.b.inviteId]].sort()).toEqual(['ana', 'ben']);
  expect(copy.a.name).toMatch(/^Candidate \d+$/); // the invite's name
  expect(copy.fragments.length).toBeGreaterThan(3);
  for (const f of copy.fragments) expect(f).toEqual({ a: { file: 'src/solution.ts', startLine: expect.any(Number), endLine: expect.any(Number) }, b: expect.objectContaining({ file: 'src/solution.ts' }), fingerprints: expect.any(Number) });
  // cy's final is the later, own solution: not the early copy, and not flagged
  const ids = classify.pairs.flatMap((p: any) => [p.a.submissionId, p.b.submissionId]);
  expect(ids).not.toContain(subs['cy-early']);
  expect(ids).not.toContain(subs['ben-queued']);
  expect(classify.pairs.filter((p: any) => p.flagged)).toHaveLength(1);
  expect(memory).toMatchObject({ slug: 'conversation-memory', candidates: 2, pairsCompared: 1 });
  expect(memory.pairs).toHaveLength(1);
  expect(memory.pairs[0].flagged).toBe(false);
  expect(memory.pairs[0].score).toBeLessThan(ctx.config.SIMILARITY_THRESHOLD);
  expect(memory.pairs.every((p: any) => p.score >= memory.pairs.at(-1).score)).toBe(true);
});

test('nothing of a result changes: every submission keeps its status, verdict and score', async () => {
  const results = () => ctx.db.query('SELECT id, status, verdict, score, max_score, result, finished_at FROM submissions ORDER BY id').then((r) => r.rows);
  const before = await results();
  expect((await http(ctx, 'GET', `/v1/assessments/${assessmentId}/similarity`)).status).toBe(200);
  expect(await results()).toEqual(before);
  expect(before.find((r) => r.id === subs.ben)).toMatchObject({ verdict: 'accepted', score: '7' });
});

test('the submission list\'s access rules: admins, graders and the owning author; others 404, candidates 403', async () => {
  const url = `/v1/assessments/${assessmentId}/similarity`;
  expect((await http(ctx, 'GET', url)).status).toBe(200);
  expect((await http(ctx, 'GET', url, undefined, bearer(author))).status).toBe(200);
  const other = await http(ctx, 'GET', url, undefined, bearer(otherAuthor));
  expect([other.status, other.json.error.code]).toEqual([404, 'assessment_not_found']);
  const candidate = (await invite(ctx, assessmentId, author)).token;
  expect((await http(ctx, 'GET', url, undefined, bearer(candidate))).status).toBe(403);
  expect((await http(ctx, 'GET', url, undefined, bearer(null))).status).toBe(401);
  expect((await http(ctx, 'GET', '/v1/assessments/not-a-uuid/similarity')).status).toBe(404);
  expect((await http(ctx, 'GET', '/v1/assessments/00000000-0000-4000-8000-000000000000/similarity')).status).toBe(404);
});

test('an assessment nobody has finished in lists its challenges with no pairs', async () => {
  const empty = (await createAssessment(ctx, { name: 'Empty', challenges: ['rag-chunking'] })).id;
  const res = await http(ctx, 'GET', `/v1/assessments/${empty}/similarity`);
  expect(res.json.challenges).toEqual([{ slug: 'rag-chunking', version: expect.any(Number), title: expect.any(String), threshold: ctx.config.SIMILARITY_THRESHOLD, candidates: 0, pairsCompared: 0, flaggedPairs: 0, pairs: [] }]);
});
