/**
 * Who may read a challenge's statement, starter and public tests: with PUBLIC_CHALLENGES=none nothing is public, so
 * these are the private rules: staff read all, a candidate only their assessment's pinned versions once their window
 * started, nobody else anything. The default (bundled catalogue public) is checked at the end.
 */
import { bearer, createTestContext, http, type TestContext } from '../helpers/test-context';
import { createAssessment, invite, issueToken } from '../helpers/assessment-fixtures';
import { publishScaffold } from '../helpers/challenge-packages';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ config: { PUBLIC_CHALLENGES: 'none' } });
});
afterAll(() => ctx?.close());

const anonymous = bearer(null);
const slugsOf = (res: { json: { challenges: Array<{ slug: string }> } }) => res.json.challenges.map((c) => c.slug).sort();

test('without a token nothing is listed and every challenge answers 404', async () => {
  expect(slugsOf(await http(ctx, 'GET', '/v1/challenges', undefined, anonymous))).toEqual([]);
  for (const path of ['/v1/challenges/rag-chunking', '/v1/challenges/rag-chunking/versions/1']) {
    const res = await http(ctx, 'GET', path, undefined, anonymous);
    expect([path, res.status, res.json.error.code]).toEqual([path, 404, 'challenge_not_found']);
  }
});

test('a bad token reads as no token (public routes ignore the header)', async () => {
  const res = await http(ctx, 'GET', '/v1/challenges', undefined, bearer('not-a-token-of-ours'));
  expect([res.status, slugsOf(res)]).toEqual([200, []]);
});

test('staff read every published challenge', async () => {
  const grader = (await issueToken(ctx, 'grader')).token;
  const list = await http(ctx, 'GET', '/v1/challenges', undefined, bearer(grader));
  expect(slugsOf(list)).toEqual(expect.arrayContaining(['rag-chunking', 'pii-redaction', 'stream-proxy']));
  expect((await http(ctx, 'GET', '/v1/challenges/pii-redaction', undefined, bearer(grader))).status).toBe(200);
});

test('a candidate reads only their pinned challenge, and only once their window has started', async () => {
  const later = await createAssessment(ctx, { challenges: ['rag-chunking'], opensAt: new Date(Date.now() + 3_600_000).toISOString() });
  const early = (await invite(ctx, later.id)).token;
  const notYet = await http(ctx, 'GET', '/v1/challenges/rag-chunking', undefined, bearer(early));
  expect([notYet.status, notYet.json.error.code]).toEqual([403, 'assessment_not_open']);
  expect(slugsOf(await http(ctx, 'GET', '/v1/challenges', undefined, bearer(early)))).toEqual([]);

  const open = await createAssessment(ctx, { challenges: ['rag-chunking'] });
  const candidate = (await invite(ctx, open.id)).token;
  expect(slugsOf(await http(ctx, 'GET', '/v1/challenges', undefined, bearer(candidate)))).toEqual(['rag-chunking']);
  const pinned = await http(ctx, 'GET', '/v1/challenges/rag-chunking', undefined, bearer(candidate));
  expect([pinned.status, pinned.json.slug, pinned.json.version]).toEqual([200, 'rag-chunking', 1]);
  expect((await http(ctx, 'GET', '/v1/challenges/rag-chunking/versions/1', undefined, bearer(candidate))).status).toBe(200);
  const other = await http(ctx, 'GET', '/v1/challenges/pii-redaction', undefined, bearer(candidate));
  expect([other.status, other.json.error.code]).toEqual([404, 'challenge_not_found']);
});

test('a candidate whose assessment allows only JavaScript is offered only JavaScript, in the API and on the page', async () => {
  const only = await createAssessment(ctx, { challenges: ['rag-chunking'], languages: ['javascript'] });
  const candidate = (await invite(ctx, only.id)).token;
  const detail = await http(ctx, 'GET', '/v1/challenges/rag-chunking', undefined, bearer(candidate));
  expect(Object.keys(detail.json.languages)).toEqual(['javascript']);
  const page = await fetch(`${ctx.api.url}/ui/challenges/rag-chunking`, { headers: { cookie: `judge_token=${encodeURIComponent(candidate)}` } });
  const text = await page.text();
  expect([page.status, text.includes('value="javascript"'), text.includes('value="typescript"')]).toEqual([200, true, false]);
});

test('a challenge offering Python: the page offers "Python", names its entry and the names the tests call, and says how to read the tests', async () => {
  await publishScaffold(ctx.db, 'py-page', ['typescript', 'python']);
  const assessment = await createAssessment(ctx, { challenges: ['py-page'] });
  const candidate = (await invite(ctx, assessment.id)).token;
  await http(ctx, 'GET', '/v1/me', undefined, bearer(candidate)); // starts the window
  const page = await fetch(`${ctx.api.url}/ui/challenges/py-page`, { headers: { cookie: `judge_token=${encodeURIComponent(candidate)}` } });
  const text = await page.text();
  expect(page.status).toBe(200);
  expect([...text.matchAll(/<option value="(\w+)"[^>]*>(\w+)<\/option>/g)].map((m) => [m[1], m[2]])).toEqual([['typescript', 'TypeScript'], ['python', 'Python']]);
  expect(text).toContain('<dt>Python</dt><dd>entry <code>src/solution.py</code>; the tests call <code>dedupeLines</code>; your module defines them as <code>dedupeLines</code> → <code>dedupe_lines</code>.');
  // The packages the challenge lets Python import, with the image's versions
  expect(text).toMatch(/<dt>Python<\/dt><dd>[^]*?Packages: <code>openai<\/code> 3\.\d+\.\d+, [^]*<code>langchain-openai<\/code> [\d.]+[^]*, and the standard library\.<\/dd>/);
  expect(text).toContain('<dt>TypeScript</dt><dd>entry <code>src/solution.ts</code>; the tests call <code>dedupeLines</code>.');
  expect(text).toMatch(/id="tests-note">The public tests below are TypeScript for every language/);
  expect(text).toContain('starter?language=python&amp;path=src%2Fsolution.py">src/solution.py</a> (Python)');
  const starter = await fetch(`${ctx.api.url}/ui/challenges/py-page/starter?language=python&path=src%2Fsolution.py`, { headers: { cookie: `judge_token=${encodeURIComponent(candidate)}` } });
  expect([starter.status, await starter.text()]).toEqual([200, expect.stringMatching(/^def dedupe_lines/)]);
});

test('by default the bundled catalogue is public', async () => {
  const open = await createTestContext();
  try {
    const list = await http(open, 'GET', '/v1/challenges', undefined, anonymous);
    expect(slugsOf(list)).toEqual(expect.arrayContaining(['rag-chunking', 'classify-endpoint']));
    expect((await http(open, 'GET', '/v1/challenges/rag-chunking', undefined, anonymous)).status).toBe(200);
  } finally {
    await open.close();
  }
});
