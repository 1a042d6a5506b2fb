/**
 * The authoring pages' rules under `/ui`: who may upload, publish, run the gate and decide a rejudge; every post must
 * come from the judge's own origin; bad archives and packages come back as a readable list; publishing is refused
 * before the gate passed; a rejudge's preview is read-only for graders and not there for another author.
 */
import { createAssessment, invite, issueToken } from '../helpers/assessment-fixtures';
import { scaffoldFiles, tarOf, waitForGate, zipOf } from '../helpers/challenge-packages';
import { formBody, pageRequest, uploadForm } from '../helpers/page-client';
import { bearer, createTestContext, http, waitForVerdict, type TestContext } from '../helpers/test-context';

let ctx: TestContext;
let files: Record<string, string>;
let author: string;
let otherAuthor: string;
let grader: string;
const SLUG = 'page-dedupe';

const withSlug = (slug: string, extra: Record<string, string> = {}) => ({
  ...files, 'challenge.json': JSON.stringify({ ...JSON.parse(files['challenge.json']!), slug }), ...extra,
});

async function waitForRejudge(id: string): Promise<any> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const { json } = await http(ctx, 'GET', `/v1/rejudges/${id}`);
    if (json.ready) return json;
    if (Date.now() > deadline) throw new Error(`rejudge ${id} not ready`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  ctx = await createTestContext({ worker: true, config: { GATE_RUNS: 1 } });
  files = await scaffoldFiles('dedupe-lines');
  [author, otherAuthor, grader] = await Promise.all([
    issueToken(ctx, 'author', 'Ann'), issueToken(ctx, 'author', 'Otto'), issueToken(ctx, 'grader', 'Gus'),
  ].map((p) => p.then((t) => t.token)));
});
afterAll(async () => ctx?.close());

test('the upload page is for authors and admins, and its post must come from the judge\'s origin', async () => {
  expect((await pageRequest(ctx, 'GET', '/ui/challenges/upload', { token: null })).location).toMatch(/^\/ui\/sign-in\?next=/);
  expect((await pageRequest(ctx, 'GET', '/ui/challenges/upload', { token: grader })).status).toBe(403);
  const form = await pageRequest(ctx, 'GET', '/ui/challenges/upload', { token: author });
  expect(form.status).toBe(200);
  expect(form.text).toContain('enctype="multipart/form-data"');
  expect(form.text).toMatch(/<label for="package">/);

  const archive = tarOf(withSlug(SLUG));
  for (const origin of [null, 'http://evil.example']) {
    const refused = await pageRequest(ctx, 'POST', '/ui/challenges/upload', { token: author, body: uploadForm(archive), origin });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('must be sent from the judge');
  }
  expect((await pageRequest(ctx, 'POST', '/ui/challenges/upload', { token: grader, body: uploadForm(archive) })).status).toBe(403);
  expect((await pageRequest(ctx, 'POST', '/ui/challenges/upload', { token: null, body: uploadForm(archive) })).status).toBe(401);
  expect((await http(ctx, 'GET', `/v1/challenges/${SLUG}/versions`)).status).toBe(404);
});

test('bad archives and packages are shown as a list of issues, escaped, and nothing is stored', async () => {
  const notArchive = await pageRequest(ctx, 'POST', '/ui/challenges/upload', { token: author, body: uploadForm(Buffer.from('hello, not an archive')) });
  expect(notArchive.status).toBe(400);
  expect(notArchive.text).toContain('id="upload-problems"');
  expect(notArchive.text).toContain('<form method="post" action="/ui/challenges/upload"');

  const unsafe = zipOf([{ path: '../escape.txt', content: 'x' }]);
  const unsafeAnswer = await pageRequest(ctx, 'POST', '/ui/challenges/upload', { token: author, body: uploadForm(unsafe, 'p.zip') });
  expect(unsafeAnswer.status).toBe(400);
  expect(unsafeAnswer.text).toContain('../escape.txt');
  const manifest = { ...JSON.parse(files['challenge.json']!), slug: 'hostile-keys', '<img src=x onerror=alert(1)>': 1 };
  const hostile = tarOf({ ...files, 'challenge.json': JSON.stringify(manifest) });
  const hostileAnswer = await pageRequest(ctx, 'POST', '/ui/challenges/upload', { token: author, body: uploadForm(hostile) });
  expect(hostileAnswer.status).toBe(400);
  expect(hostileAnswer.text).toContain('Unrecognized key: &quot;&lt;img src=x onerror=alert(1)&gt;&quot;');
  expect(hostileAnswer.text).not.toContain('<img');

  const broken = withSlug('<b>bold</b>');
  delete (broken as Record<string, string>)['statement.md'];
  const invalid = await pageRequest(ctx, 'POST', '/ui/challenges/upload', { token: author, body: uploadForm(tarOf(broken)) });
  expect(invalid.status).toBe(400);
  const problems = /<div class="error" role="alert" id="upload-problems"[\s\S]*?<\/div>/.exec(invalid.text)![0];
  const items = [...problems.matchAll(/<li>(.*?)<\/li>/gs)].map((m) => m[1]);
  expect(items).toEqual([expect.stringContaining('challenge.json: slug'), expect.stringContaining('statement.md</code> missing')]);
  expect(invalid.text).toContain('statement.md');
  expect(invalid.text).toContain('The package has 2 problems:');

  const empty = await pageRequest(ctx, 'POST', '/ui/challenges/upload', { token: author, body: uploadForm(Buffer.alloc(0)) });
  expect(empty.status).toBe(400);
  expect(empty.text).toContain('Choose a package file');
  expect((await http(ctx, 'GET', '/v1/challenges/%3Cb%3Ebold%3C%2Fb%3E/versions')).status).toBe(404);
});

test('an upload lands on its version page; publishing is refused before the gate passed and by another author', async () => {
  const up = await pageRequest(ctx, 'POST', '/ui/challenges/upload', { token: author, body: uploadForm(tarOf(withSlug(SLUG))) });
  expect(up).toMatchObject({ status: 303, location: `/ui/challenges/${SLUG}/versions/1` });
  const early = await pageRequest(ctx, 'POST', `/ui/challenges/${SLUG}/versions/1/publish`, { token: author });
  // The gate (2 judgements) cannot have passed yet.
  expect(early.status).toBe(409);
  expect(early.text).toContain('has not passed the publish gate');
  const running = await pageRequest(ctx, 'GET', `/ui/challenges/${SLUG}/versions/1`, { token: author });
  expect(running.text).toMatch(/data-gate="\/v1\/challenges\/page-dedupe\/versions\/1\/gate"/);
  expect(running.text).toMatch(/<button type="submit" id="publish" disabled aria-describedby="publish-why">/);

  expect((await waitForGate(ctx, SLUG, 1)).status).toBe('passed');
  const passed = await pageRequest(ctx, 'GET', `/ui/challenges/${SLUG}/versions/1`, { token: author });
  expect(passed.text).toContain('<table id="gate-table">');
  expect(passed.text).toMatch(/<button type="submit" id="publish" >/);
  const graderView = await pageRequest(ctx, 'GET', `/ui/challenges/${SLUG}/versions/1`, { token: grader });
  expect(graderView.status).toBe(200);
  expect(graderView.text).not.toContain('id="publish"');

  for (const action of ['publish', 'gate']) {
    expect((await pageRequest(ctx, 'POST', `/ui/challenges/${SLUG}/versions/1/${action}`, { token: otherAuthor })).status).toBe(403);
    expect((await pageRequest(ctx, 'POST', `/ui/challenges/${SLUG}/versions/1/${action}`, { token: grader })).status).toBe(403);
    expect((await pageRequest(ctx, 'POST', `/ui/challenges/${SLUG}/versions/1/${action}`, { token: author, origin: null })).status).toBe(403);
  }
  const published = await pageRequest(ctx, 'POST', `/ui/challenges/${SLUG}/versions/1/publish`, { token: author });
  expect(published).toMatchObject({ status: 303, location: `/ui/challenges/${SLUG}/versions/1` });
  expect((await http(ctx, 'GET', `/v1/challenges/${SLUG}`)).json).toMatchObject({ version: 1 });
  expect((await pageRequest(ctx, 'GET', `/ui/challenges/${SLUG}/versions/1`, { token: author })).text).toContain('>published</span>');
}, 240_000);

test('a rejudge from the version page: previewed, read-only for graders, hidden from other authors, applied or cancelled by its author', async () => {
  const assessment = await createAssessment(ctx, { challenges: [SLUG] }, author);
  const candidate = await invite(ctx, assessment.id, author);
  const res = await http(ctx, 'POST', '/v1/submissions', { challenge: SLUG, language: 'typescript', files: { 'src/solution.ts': files['solutions/case-sensitive/src/solution.ts']! } }, bearer(candidate.token));
  await waitForVerdict(ctx, res.json.id, 120_000);
  const v2 = await pageRequest(ctx, 'POST', '/ui/challenges/upload', { token: author, body: uploadForm(tarOf(withSlug(SLUG, { 'statement.md': `${files['statement.md']!}\n\nVersion 2.\n` }))) });
  expect(v2.location).toBe(`/ui/challenges/${SLUG}/versions/2`);
  expect((await pageRequest(ctx, 'GET', v2.location!, { token: author })).text).toContain(`<option value="assessment:${assessment.id}">`);

  const start = (token: string, origin?: null) => pageRequest(ctx, 'POST', '/ui/rejudges', { token, origin, ...formBody({ slug: SLUG, version: '2', from: 'version:1' }) });
  expect((await start(author, null)).status).toBe(403);
  expect((await start(grader)).status).toBe(403);
  const started = await start(author);
  expect(started.status).toBe(303);
  const id = /^\/ui\/rejudges\/([0-9a-f-]{36})$/.exec(started.location!)![1]!;
  expect((await pageRequest(ctx, 'GET', `/ui/rejudges/${id}`, { token: otherAuthor })).status).toBe(404);
  await waitForRejudge(id);
  const asGrader = await pageRequest(ctx, 'GET', `/ui/rejudges/${id}`, { token: grader });
  expect(asGrader.text).toContain('All 1 re-runs finished');
  expect(asGrader.text).not.toContain('id="apply"');
  expect((await pageRequest(ctx, 'POST', `/ui/rejudges/${id}/apply`, { token: grader })).status).toBe(403);
  expect((await pageRequest(ctx, 'POST', `/ui/rejudges/${id}/apply`, { token: otherAuthor })).status).toBe(404);
  expect((await pageRequest(ctx, 'POST', `/ui/rejudges/${id}/apply`, { token: author, origin: 'http://evil.example' })).status).toBe(403);
  expect((await pageRequest(ctx, 'POST', `/ui/rejudges/${id}/apply`, { token: author })).status).toBe(303);
  expect((await pageRequest(ctx, 'GET', `/ui/rejudges/${id}`, { token: author })).text).toContain('This rejudge was <strong>applied</strong>');
  const again = await pageRequest(ctx, 'POST', `/ui/rejudges/${id}/cancel`, { token: author });
  expect(again.status).toBe(409);

  const second = /([0-9a-f-]{36})$/.exec((await start(author)).location!)![1]!;
  expect((await pageRequest(ctx, 'POST', `/ui/rejudges/${second}/cancel`, { token: author })).status).toBe(303);
  expect((await http(ctx, 'GET', `/v1/rejudges/${second}`)).json.status).toBe('cancelled');
  // The version page lists both rejudges for their author and for a grader, none for another author.
  const listed = (token: string) => pageRequest(ctx, 'GET', `/ui/challenges/${SLUG}/versions/2`, { token }).then((a) => [...a.text.matchAll(/href="\/ui\/rejudges\/([0-9a-f-]{36})"/g)].map((m) => m[1]));
  expect(await listed(author)).toEqual([second, id]);
  expect(await listed(grader)).toEqual([second, id]);
  expect(await listed(otherAuthor)).toEqual([]);
}, 300_000);

test('a package over the upload cap is refused on the page, whether the file or the whole form is too large', async () => {
  const small = await createTestContext({ config: { UPLOAD_MAX_BYTES: 1024 } });
  try {
    for (const size of [2_000, 64_000]) {
      const answer = await pageRequest(small, 'POST', '/ui/challenges/upload', { body: uploadForm(Buffer.alloc(size, 7)) });
      expect(answer.status).toBe(413);
      expect(answer.text).toMatch(/The package is larger than an upload may be/);
    }
  } finally {
    await small.close();
  }
});

test('a failed gate keeps Publish disabled with its reason, and running the gate again starts a new run', async () => {
  const passingBad = withSlug('page-knownbad', { 'solutions/case-sensitive/src/solution.ts': files['solutions/reference/src/solution.ts']! });
  const up = await pageRequest(ctx, 'POST', '/ui/challenges/upload', { token: author, body: uploadForm(tarOf(passingBad)) });
  expect(up.location).toBe('/ui/challenges/page-knownbad/versions/1');
  expect((await waitForGate(ctx, 'page-knownbad', 1)).status).toBe('failed');
  const failed = await pageRequest(ctx, 'GET', up.location!, { token: author });
  expect(failed.text).toContain('The publish gate <strong>failed</strong>');
  expect(failed.text).toMatch(/id="publish" disabled aria-describedby="publish-why"/);
  expect(failed.text).toContain('this version&#39;s gate: failed');
  expect((await pageRequest(ctx, 'POST', `${up.location!}/publish`, { token: author })).status).toBe(409);

  const before = (await ctx.db.query('SELECT count(*)::int AS n FROM gate_runs')).rows[0].n;
  expect(await pageRequest(ctx, 'POST', `${up.location!}/gate`, { token: author })).toMatchObject({ status: 303, location: up.location });
  expect((await ctx.db.query('SELECT count(*)::int AS n FROM gate_runs')).rows[0].n).toBe(before + 1);
  expect((await waitForGate(ctx, 'page-knownbad', 1)).status).toBe('failed');
}, 240_000);
