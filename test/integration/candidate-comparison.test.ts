/**
 * `GET /v1/assessments/:id/comparison` and its CSV: one row per candidate with their final submission to each
 * challenge (last, or best: the highest score, ties the later one), unsubmitted challenges as 0 of their max, quality
 * issues and LLM cost as the grader list counts them, the access rules of the submission list, CSV quoting and
 * injection-safe cells.
 */
import { saveQuality } from '../../core/quality/quality-repository';
import { createTestContext, bearer, http, waitForVerdict, type TestContext } from '../helpers/test-context';
import { createAssessment, invite, issueToken, REFERENCE, submit, WRONG } from '../helpers/assessment-fixtures';

jest.setTimeout(180_000);

let ctx: TestContext;
let author: string;
let otherAuthor: string;
let grader: string;
let assessmentId: string;
const people: Record<'ada' | 'bo' | 'cy' | 'dee', any> = {} as never;
const ids: Record<string, string> = {};

async function judged(token: string, files: Record<string, string>): Promise<string> {
  const res = await submit(ctx, token, files);
  expect(res.status).toBe(202);
  await waitForVerdict(ctx, res.json.id);
  return res.json.id;
}

beforeAll(async () => {
  ctx = await createTestContext({ worker: true });
  author = (await issueToken(ctx, 'author', 'alice')).token;
  otherAuthor = (await issueToken(ctx, 'author', 'olga')).token;
  grader = (await issueToken(ctx, 'grader', 'gus')).token;
  assessmentId = (await createAssessment(ctx, { name: 'Compared', durationMinutes: 60 }, author)).id;
  for (const who of ['ada', 'bo', 'cy'] as const) people[who] = await invite(ctx, assessmentId, author);
  const dee = await http(ctx, 'POST', `/v1/assessments/${assessmentId}/invites`,
    { name: '=HYPERLINK("http://evil.example","x"), "quoted"', email: 'dee@example.com', externalId: '+1,2' }, bearer(author));
  people.dee = dee.json;
  // Ada: the reference first, then a wrong one (last: the wrong one; best: the reference).
  ids.adaGood = await judged(people.ada.token, REFERENCE);
  ids.adaBad = await judged(people.ada.token, WRONG);
  // Bo: one wrong submission, then a copy of it finished later (a tie: best takes the later one).
  ids.boFirst = await judged(people.bo.token, WRONG);
  const { rows } = await ctx.db.query<{ id: string }>(
    `INSERT INTO submissions (challenge_id, language, files, status, verdict, score, max_score, result, invite_id, purpose, created_at, started_at, finished_at)
     SELECT challenge_id, language, files, status, verdict, score, max_score, result, invite_id, purpose, created_at + interval '1 second', started_at, finished_at + interval '1 second'
     FROM submissions WHERE id = $1 RETURNING id`, [ids.boFirst]);
  ids.boTie = rows[0]!.id;
  // Cy never submits. Quality figures of Ada's wrong one: 2 lint errors + 1 type error + 1 secret.
  await saveQuality(ctx.db, ids.adaBad, { status: 'done', durationMs: 10, analysis: { headline: { lintErrors: 2, lintWarnings: 5, typeErrors: 1, secrets: 1, llmCallRisks: 0 } } as any });
});
afterAll(async () => ctx.close());

const comparison = async (token = author) => (await http(ctx, 'GET', `/v1/assessments/${assessmentId}/comparison`, undefined, bearer(token)));
const rowOf = (body: any, who: keyof typeof people) => body.rows.find((r: any) => r.inviteId === people[who].id);

test('last: each candidate\'s latest finished submission; unsubmitted challenges count 0 of their max', async () => {
  const res = await comparison();
  expect(res.status).toBe(200);
  const body = res.json;
  expect(body).toMatchObject({ assessmentId, finalSubmission: 'last', challenges: [{ slug: 'rag-chunking', version: expect.any(Number), title: expect.any(String) }] });
  const max = body.challenges[0].maxScore;
  expect(max).toBeGreaterThan(0);
  expect(body.rows.map((r: any) => r.inviteId)).toEqual([people.ada.id, people.bo.id, people.cy.id, people.dee.id]);
  const ada = rowOf(body, 'ada');
  const cell = ada.perChallenge['rag-chunking'];
  expect(Object.keys(cell).sort()).toEqual(['llmCostUsd', 'maxScore', 'qualityIssues', 'score', 'submissionId', 'verdict']);
  expect(cell).toMatchObject({ submissionId: ids.adaBad, maxScore: max, qualityIssues: 4 });
  expect(cell.verdict).not.toBe('accepted');
  expect(ada).toMatchObject({ name: people.ada.name, email: people.ada.email, status: 'in_progress', state: 'open', qualityIssues: 4, maxTotal: max });
  expect(ada.total).toBe(ada.perChallenge['rag-chunking'].score);
  expect(ada.total).toBeLessThan(max);
  expect(ada.timeUsedMs).toBeGreaterThan(0);
  expect(ada.startedAt).toEqual(expect.any(String));
  expect(rowOf(body, 'bo').perChallenge['rag-chunking'].submissionId).toBe(ids.boTie);
  const cy = rowOf(body, 'cy');
  expect(cy).toMatchObject({ perChallenge: { 'rag-chunking': null }, total: 0, maxTotal: max, status: 'not_started', startedAt: null, timeUsedMs: null, qualityIssues: null, llmCostUsd: null });
});

test('best: the highest score, ties going to the later submission; the setting is validated and shown', async () => {
  const refused = await http(ctx, 'PATCH', `/v1/assessments/${assessmentId}`, { finalSubmission: 'first' }, bearer(author));
  expect(refused.status).toBe(400);
  expect(refused.json.error.code).toBe('validation_failed');
  expect(refused.json.error.message).toMatch(/finalSubmission/);
  const patched = await http(ctx, 'PATCH', `/v1/assessments/${assessmentId}`, { finalSubmission: 'best' }, bearer(author));
  expect(patched.status).toBe(200);
  expect(patched.json.finalSubmission).toBe('best');
  expect((await http(ctx, 'GET', `/v1/assessments/${assessmentId}`, undefined, bearer(grader))).json.finalSubmission).toBe('best');
  try {
    const body = (await comparison(grader)).json;
    expect(body.finalSubmission).toBe('best');
    const ada = rowOf(body, 'ada');
    expect(ada.perChallenge['rag-chunking']).toMatchObject({ submissionId: ids.adaGood, verdict: 'accepted', qualityIssues: null });
    expect(ada.total).toBe(ada.maxTotal);
    expect(rowOf(body, 'bo').perChallenge['rag-chunking'].submissionId).toBe(ids.boTie);
  } finally {
    await http(ctx, 'PATCH', `/v1/assessments/${assessmentId}`, { finalSubmission: 'last' }, bearer(author));
  }
  const created = await createAssessment(ctx, { name: 'Best from the start', finalSubmission: 'best' }, author);
  expect(created.finalSubmission).toBe('best');
  expect((await createAssessment(ctx, { name: 'Default' }, author)).finalSubmission).toBe('last');
});

test('who may read it: the owning author, graders and admins; another author 404, a candidate 403', async () => {
  expect((await comparison(author)).status).toBe(200);
  expect((await comparison(grader)).status).toBe(200);
  expect((await comparison(ctx.adminToken)).status).toBe(200);
  expect((await comparison(otherAuthor)).status).toBe(404);
  expect((await comparison(people.ada.token)).status).toBe(403);
  const csv = (token: string) => http(ctx, 'GET', `/v1/assessments/${assessmentId}/comparison.csv`, undefined, bearer(token));
  expect((await csv(otherAuthor)).status).toBe(404);
  expect((await csv(people.ada.token)).status).toBe(403);
  expect((await csv(grader)).status).toBe(200);
  expect((await http(ctx, 'GET', '/v1/assessments/not-a-uuid/comparison', undefined, bearer(grader))).status).toBe(404);
});

test('the CSV: a download with a header row, a row per candidate, RFC 4180 quoting and cells that cannot run as formulas', async () => {
  const res = await http(ctx, 'GET', `/v1/assessments/${assessmentId}/comparison.csv`, undefined, bearer(author));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
  expect(res.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="?comparison-${assessmentId}\\.csv"?$`));
  const lines = res.text.split('\r\n');
  expect(lines.pop()).toBe('');
  expect(lines[0]).toBe('name,email,external_id,invite_id,status,rag-chunking score,rag-chunking verdict,total,max_total,time_used_minutes,quality_issues,llm_cost_usd');
  expect(lines).toHaveLength(5);
  const json = (await comparison()).json;
  const ada = rowOf(json, 'ada');
  const adaFields = lines[1]!.split(',');
  expect(adaFields.slice(0, 9)).toEqual([ada.name, ada.email, '', ada.inviteId, 'in_progress', String(ada.perChallenge['rag-chunking'].score),
    ada.perChallenge['rag-chunking'].verdict, String(ada.total), String(ada.maxTotal)]);
  expect(Number(adaFields[9])).toBeCloseTo(ada.timeUsedMs / 60_000, 0);
  expect(adaFields.slice(10)).toEqual(['4', ada.llmCostUsd === null ? '' : String(ada.llmCostUsd)]);
  expect(lines[3]).toMatch(new RegExp(`^Candidate \\d+,[^,]+,,${people.cy.id},not_started,0,,0,${json.challenges[0].maxScore},,,$`));
  // the name starts with "=" and holds quotes and a comma: prefixed, quoted, quotes doubled; "+1,2" prefixed and quoted
  expect(lines[4]).toBe(`"'=HYPERLINK(""http://evil.example"",""x""), ""quoted""",dee@example.com,"'+1,2",${people.dee.id},not_started,0,,0,${json.challenges[0].maxScore},,,`);
});

/** A page request with the session cookie; posts are form-encoded from the judge's origin. */
async function page(token: string, path: string, form?: Record<string, string>) {
  const res = await fetch(`${ctx.api.url}${path}`, {
    method: form ? 'POST' : 'GET', redirect: 'manual', body: form && new URLSearchParams(form),
    headers: { cookie: `judge_token=${encodeURIComponent(token)}`, ...(form ? { origin: ctx.api.url, 'content-type': 'application/x-www-form-urlencoded' } : {}) },
  });
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}
const hiddenRows = (text: string) => [...text.matchAll(/<tr hidden data-search="([^"]*)"/g)].map((m) => m[1]);

test('the page: every candidate, filtered without script through the query, escaped, linked from the assessment pages', async () => {
  const all = await page(grader, `/ui/assessments/${assessmentId}/compare`);
  expect(all.status).toBe(200);
  expect(all.text).toContain('4 of 4 candidates');
  expect(all.text).toContain(`href="/ui/submissions/${ids.adaBad}"`);
  expect(all.text).toContain(`href="/v1/assessments/${assessmentId}/comparison.csv"`);
  expect(all.text).not.toContain('=HYPERLINK("http');
  expect(all.text).toContain('=HYPERLINK(&quot;http://evil.example&quot;');
  const filtered = await page(grader, `/ui/assessments/${assessmentId}/compare?q=DEE%40example&status=&verdict=`);
  expect(filtered.text).toContain('1 of 4 candidates');
  expect(hiddenRows(filtered.text)).toHaveLength(3);
  const none = await page(grader, `/ui/assessments/${assessmentId}/compare?verdict=none`);
  expect(none.text).toContain('2 of 4 candidates'); // Cy and Dee never submitted
  expect((await page(grader, `/ui/assessments/${assessmentId}/compare?status=not_started`)).text).toContain('2 of 4 candidates');
  expect((await page(otherAuthor, `/ui/assessments/${assessmentId}/compare`)).status).toBe(404);
  expect((await page(people.ada.token, `/ui/assessments/${assessmentId}/compare`)).status).toBe(403);
  for (const from of [`/ui/assessments/${assessmentId}`, `/ui/assessments/${assessmentId}/invites`]) {
    expect((await page(grader, from)).text).toContain(`href="/ui/assessments/${assessmentId}/compare"`);
  }
});

test('ticking two candidates leads to the side-by-side page: a line diff, the tests of each, both headlines', async () => {
  const one = await page(grader, `/ui/assessments/${assessmentId}/compare?challenge=rag-chunking&pick=${people.ada.id}`);
  expect(one.status).toBe(400);
  expect(one.text).toContain('Tick exactly two candidates');
  const two = await page(grader, `/ui/assessments/${assessmentId}/compare?challenge=rag-chunking&pick=${people.ada.id}&pick=${people.bo.id}`);
  expect(two.status).toBe(303);
  expect(two.location).toBe(`/ui/assessments/${assessmentId}/compare/rag-chunking?a=${people.ada.id}&b=${people.bo.id}`);
  await http(ctx, 'PATCH', `/v1/assessments/${assessmentId}`, { finalSubmission: 'best' }, bearer(author));
  try {
    const side = await page(grader, two.location!);
    expect(side.status).toBe(200);
    expect(side.text).toContain(`href="/ui/submissions/${ids.adaGood}"`); // best: Ada's reference against Bo's wrong one
    expect(side.text).toMatch(/<pre class="line-diff"[^>]*>[\s\S]*<span class="removed">[\s\S]*<span class="added">/);
    expect(side.text).toContain('export function chunk() { return []; }');
    expect(side.text).toMatch(/<table id="tests-side-by-side"/);
    expect(side.text).toMatch(/\d+ of \d+ tests end differently/);
    expect(side.text).toContain(`href="/ui/submissions/${ids.adaGood}#quality-h"`);
    const withNobody = await page(grader, `/ui/assessments/${assessmentId}/compare/rag-chunking?a=${people.ada.id}&b=${people.cy.id}`);
    expect(withNobody.status).toBe(200);
    expect(withNobody.text).toContain('No finished submission to this challenge');
  } finally {
    await http(ctx, 'PATCH', `/v1/assessments/${assessmentId}`, { finalSubmission: 'last' }, bearer(author));
  }
  expect((await page(grader, `/ui/assessments/${assessmentId}/compare/other-challenge?a=${people.ada.id}&b=${people.bo.id}`)).status).toBe(404);
  expect((await page(grader, `/ui/assessments/${assessmentId}/compare/rag-chunking?a=${people.ada.id}&b=00000000-0000-4000-8000-000000000000`)).status).toBe(404);
});

test('the assessment form sets finalSubmission, and shows the stored choice', async () => {
  const created = await page(author, '/ui/assessments', { name: 'Best counts', challenges: 'rag-chunking', finalSubmission: 'best' });
  expect(created.status).toBe(303);
  const id = /\/ui\/assessments\/([\w-]+)\/invites$/.exec(created.location!)![1]!;
  expect((await http(ctx, 'GET', `/v1/assessments/${id}`, undefined, bearer(author))).json.finalSubmission).toBe('best');
  expect((await page(author, `/ui/assessments/${id}/edit`)).text).toMatch(/id="final-best" checked/);
  const refused = await page(author, `/ui/assessments/${id}/edit`, { name: 'Best counts', challenges: 'rag-chunking', finalSubmission: 'worst' });
  expect(refused.status).toBe(400);
  expect(refused.text).toMatch(/id="finalSubmission-error"/);
  expect((await page(author, `/ui/assessments/${id}/edit`, { name: 'Best counts', challenges: 'rag-chunking', finalSubmission: 'last' })).status).toBe(303);
  expect((await http(ctx, 'GET', `/v1/assessments/${id}`, undefined, bearer(author))).json.finalSubmission).toBe('last');
});
