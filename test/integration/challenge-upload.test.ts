/**
 * Uploading challenge packages: a valid one becomes a draft version with its gate queued; identical content answers
 * the same version; versions are immutable; every kind of malformed archive or package is refused with its own error
 * and nothing is stored. No worker: the gate rows stay queued.
 */
import { createAssessment, invite, issueToken } from '../helpers/assessment-fixtures';
import { scaffoldFiles, tarOf, upload, zipOf } from '../helpers/challenge-packages';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { queueMissingGates } from '../../core/gate/gate-runs';
import { bearer, createTestContext, http, silentLog, type TestContext } from '../helpers/test-context';

let ctx: TestContext;
let files: Record<string, string>;
const SLUG = 'dedupe-lines';

beforeAll(async () => {
  ctx = await createTestContext({
    config: { UPLOAD_MAX_BYTES: 256 * 1024, UPLOAD_MAX_UNPACKED_BYTES: 512 * 1024, UPLOAD_MAX_FILES: 30, UPLOAD_MAX_FILE_BYTES: 64 * 1024, GATE_RUNS: 2 },
  });
  files = await scaffoldFiles(SLUG);
});
afterAll(async () => ctx.close());

async function stored(): Promise<{ challenges: number; submissions: number; gates: number }> {
  const { rows } = await ctx.db.query(
    `SELECT (SELECT count(*)::int FROM challenges WHERE slug LIKE 'bad-%' OR slug = 'x') AS challenges,
       (SELECT count(*)::int FROM submissions) AS submissions, (SELECT count(*)::int FROM gate_runs) AS gates`);
  return rows[0];
}

describe('a valid package', () => {
  test('becomes draft version 1 with its gate queued; the same content again answers it; a change is version 2', async () => {
    const first = await upload(ctx, tarOf(files));
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ slug: SLUG, version: 1, status: 'draft', created: true, gate: { status: 'running', runs: 2 } });
    const gateRows = await ctx.db.query(`SELECT gate_solution, invite_id, purpose FROM submissions WHERE gate_run_id = $1 ORDER BY gate_solution`, [first.json.gate.id]);
    expect(gateRows.rows).toEqual([
      { gate_solution: 'case-sensitive', invite_id: null, purpose: 'gate' },
      { gate_solution: 'reference', invite_id: null, purpose: 'gate' },
      { gate_solution: 'reference', invite_id: null, purpose: 'gate' },
      { gate_solution: 'reference-javascript', invite_id: null, purpose: 'gate' },
      { gate_solution: 'reference-javascript', invite_id: null, purpose: 'gate' },
    ]);
    // A draft is not served to anyone who reads challenges, and its solutions never are.
    expect((await http(ctx, 'GET', `/v1/challenges/${SLUG}`)).status).toBe(404);
    expect((await http(ctx, 'GET', `/v1/challenges/${SLUG}/versions/1`)).status).toBe(404);

    const again = await upload(ctx, zipOf(Object.entries(files).map(([p, content]) => ({ path: p, content }))), 'application/zip');
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ version: 1, created: false, contentHash: first.json.contentHash });

    const v1Before = (await ctx.db.query('SELECT statement, package, solutions, content_hash FROM challenges WHERE slug = $1 AND version = 1', [SLUG])).rows[0];
    const second = await upload(ctx, tarOf({ ...files, 'statement.md': `${files['statement.md']}\nOne more note.\n` }));
    expect(second.json).toMatchObject({ version: 2, status: 'draft', created: true });
    expect(second.json.contentHash).not.toBe(first.json.contentHash);
    const v1After = (await ctx.db.query('SELECT statement, package, solutions, content_hash FROM challenges WHERE slug = $1 AND version = 1', [SLUG])).rows[0];
    expect(v1After).toEqual(v1Before);
    expect(v1Before.solutions.reference.expected).toEqual({ language: 'typescript', verdict: 'accepted' });

    const known = await upload(ctx, tarOf({ ...files, 'solutions/case-sensitive/README.md': 'why it fails' }));
    expect(known.json).toMatchObject({ version: 3, created: true });

    const versions = await http(ctx, 'GET', `/v1/challenges/${SLUG}/versions`);
    expect(versions.json.versions.map((v: any) => [v.version, v.status, v.gate.status])).toEqual([[3, 'draft', 'running'], [2, 'draft', 'running'], [1, 'draft', 'running']]);
  });

  test('only admins and authors upload; graders read versions', async () => {
    const grader = await issueToken(ctx, 'grader');
    expect((await upload(ctx, tarOf(files), 'application/gzip', grader.token)).status).toBe(403);
    // Not the latest content (version 3 added a file), so a new version; the admin may add to any slug.
    expect((await upload(ctx, tarOf(files), 'application/gzip')).json).toMatchObject({ version: 4, created: true });
    expect((await http(ctx, 'GET', `/v1/challenges/${SLUG}/versions`, undefined, { authorization: `Bearer ${grader.token}` })).status).toBe(200);
  });

  test('a slug belongs to the author who created it: other authors cannot add or publish versions, admins can', async () => {
    const owner = await issueToken(ctx, 'author');
    const other = await issueToken(ctx, 'author');
    const mine = tarOf({ ...files, 'challenge.json': JSON.stringify({ ...JSON.parse(files['challenge.json']!), slug: 'owned-by-one' }) });
    expect((await upload(ctx, mine, 'application/gzip', owner.token)).json).toMatchObject({ version: 1, created: true });
    const changed = tarOf({ ...files, 'challenge.json': JSON.stringify({ ...JSON.parse(files['challenge.json']!), slug: 'owned-by-one' }), 'solutions/reference/NOTES.md': 'v2' });
    const refused = await upload(ctx, changed, 'application/gzip', other.token);
    expect([refused.status, refused.json.error.code]).toEqual([403, 'challenge_not_yours']);
    const publish = await http(ctx, 'POST', '/v1/challenges/owned-by-one/versions/1/publish', undefined, bearer(other.token));
    expect([publish.status, publish.json.error.code]).toEqual([403, 'challenge_not_yours']);
    // bundled challenges belong to the admins
    const bundled = await http(ctx, 'POST', '/v1/challenges/rag-chunking/versions/1/gate', undefined, bearer(owner.token));
    expect(bundled.status).toBe(403);
    expect((await upload(ctx, changed, 'application/gzip', owner.token)).json).toMatchObject({ version: 2, created: true });
    expect((await upload(ctx, changed, 'application/gzip')).json).toMatchObject({ version: 2, created: false });
    const { rows } = await ctx.db.query('SELECT count(*)::int AS n FROM challenges WHERE slug = $1', ['owned-by-one']);
    expect(rows[0].n).toBe(2);
  });
});

test('gate rows wait behind candidate and staff submissions in the queue', async () => {
  const res = await upload(ctx, tarOf({ ...files, 'challenge.json': JSON.stringify({ ...JSON.parse(files['challenge.json']!), slug: 'queue-order' }) }));
  const { rows } = await ctx.db.query('SELECT id FROM submissions WHERE gate_run_id = $1', [res.json.gate.id]);
  const staff = await http(ctx, 'POST', '/v1/submissions', { challenge: 'rag-chunking', language: 'typescript', files: { 'src/solution.ts': 'export {}' } });
  expect(staff.status).toBe(202);
  expect(await ctx.queue.getJobState(staff.json.id)).toBe('waiting');
  for (const { id } of rows) expect(await ctx.queue.getJobState(id)).toBe('prioritized');
});

describe('test files are uploaded code', () => {
  test('their top level runs in a sandbox, never on the API host', async () => {
    const probe = path.join(tmpdir(), `upload-probe-${process.pid}-${Date.now()}`);
    const hostile = `require('node:fs').writeFileSync(${JSON.stringify(probe)}, 'ran on the host');\n${files['tests/public/examples.test.ts']}`;
    const res = await upload(ctx, tarOf({ ...files, 'challenge.json': JSON.stringify({ ...JSON.parse(files['challenge.json']!), slug: 'probe-host' }), 'tests/public/examples.test.ts': hostile }));
    expect(res.status).toBe(201);
    expect(existsSync(probe)).toBe(false);
    const plan = (await ctx.db.query(`SELECT test_plan FROM challenges WHERE slug = 'probe-host'`)).rows[0].test_plan;
    expect(plan.map((t: any) => t.visibility).sort()).toEqual(['hidden', 'hidden', 'hidden', 'public']);
  });

  test('a test file whose top level throws is an invalid package', async () => {
    const before = await stored();
    const res = await upload(ctx, tarOf({ ...files, 'challenge.json': JSON.stringify({ ...JSON.parse(files['challenge.json']!), slug: 'bad-throws' }), 'tests/hidden/boom.test.ts': "throw new Error('boom at load');" }));
    expect(res.status).toBe(400);
    expect(res.json.error.details.issues).toEqual([expect.objectContaining({ path: 'tests', problem: expect.stringContaining('boom at load') })]);
    expect(await stored()).toEqual(before);
  });
});

describe('malformed uploads are refused with their own error and store nothing', () => {
  const manifest = (slug: string) => JSON.stringify({ ...JSON.parse(files['challenge.json']!), slug });
  const pkg = (slug: string, extra: Record<string, string> = {}): Record<string, string> => ({ ...files, 'challenge.json': manifest(slug), ...extra });
  const cases: Array<[string, () => { body: Buffer; type?: string }, number, string]> = [
    ['a symlink', () => ({ body: tarOf(pkg('bad-symlink'), [{ path: 'my-challenge/link', type: 'symlink', linkname: '/etc/passwd' }]) }), 400, 'archive_unsafe_entry'],
    ['a hard link', () => ({ body: tarOf(pkg('bad-hardlink'), [{ path: 'my-challenge/hard', type: 'hardlink', linkname: 'my-challenge/statement.md' }]) }), 400, 'archive_unsafe_entry'],
    ['a symlink in a zip', () => ({ body: zipOf([...Object.entries(pkg('bad-zip-link')).map(([p, content]) => ({ path: p, content })), { path: 'link', content: '/etc/passwd', unixMode: 0o120777, stored: true }]), type: 'application/zip' }), 400, 'archive_unsafe_entry'],
    ['a ".." path', () => ({ body: tarOf(pkg('bad-dotdot'), [{ path: 'my-challenge/../../etc/cron.d/x', content: 'boom' }]) }), 400, 'archive_unsafe_entry'],
    ['an absolute path', () => ({ body: tarOf(pkg('bad-absolute'), [{ path: '/etc/cron.d/x', content: 'boom' }]) }), 400, 'archive_unsafe_entry'],
    ['a zip ".." path', () => ({ body: zipOf([{ path: '../escape.txt', content: 'x' }]), type: 'application/zip' }), 400, 'archive_unsafe_entry'],
    ['too many files', () => ({ body: tarOf(pkg('bad-many', Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`notes/${i}.md`, 'n'])))) }), 413, 'archive_too_many_files'],
    ['a file over the per-file cap', () => ({ body: tarOf(pkg('bad-large', { 'notes/big.md': 'x'.repeat(100 * 1024) })) }), 413, 'archive_file_too_large'],
    ['a gzip bomb', () => ({ body: tarOf(pkg('bad-gzip-bomb', { 'notes/zeros.md': '\0'.repeat(20 * 1024 * 1024) })) }), 413, 'archive_unpacked_too_large'],
    ['a zip bomb (sizes in the directory lie)', () => ({ body: zipBomb(), type: 'application/zip' }), 413, 'archive_unpacked_too_large'],
    ['a body over the upload cap', () => ({ body: Buffer.alloc(300 * 1024, 1) }), 413, 'payload_too_large'],
    ['not an archive', () => ({ body: Buffer.from('{"slug": "x"}') }), 400, 'not_an_archive'],
    ['a corrupt gzip stream', () => ({ body: Buffer.concat([tarOf(pkg('bad-corrupt')).subarray(0, 200), Buffer.alloc(50, 7)]) }), 400, 'archive_corrupt'],
    ['the wrong media type', () => ({ body: tarOf(pkg('bad-type')), type: 'text/plain' }), 415, 'unsupported_media_type'],
  ];

  test.each(cases)('%s', async (_name, make, status, code) => {
    const before = await stored();
    const { body, type } = make();
    const res = await upload(ctx, body, type);
    expect({ status: res.status, code: res.json?.error?.code }).toEqual({ status, code });
    expect(await stored()).toEqual(before);
  });

  test('a bad manifest reports every problem at once, with path, problem and what was expected', async () => {
    const bad = JSON.stringify({ slug: 'Bad Slug', family: 'chat', summary: '', languages: ['cobol'], entry: {}, extra: true });
    const res = await upload(ctx, tarOf({ ...files, 'challenge.json': bad }));
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_package');
    const issues = res.json.error.details.issues;
    const paths = issues.map((i: any) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['challenge.json: slug', 'challenge.json: title', 'challenge.json: family', 'challenge.json: summary', 'challenge.json: languages.0', 'challenge.json']));
    for (const issue of issues) expect(issue).toEqual({ path: expect.any(String), problem: expect.any(String), expected: expect.any(String) });
    expect(issues.find((i: any) => i.path === 'challenge.json: family').expected).toMatch(/"rag", "data", "endpoint"/);
    expect(await stored()).toMatchObject({ challenges: 0 });
  });

  test('a package that lists javascript but has no JavaScript reference is refused, naming solutions/reference-javascript', async () => {
    const { 'solutions/reference-javascript/expected.json': _e, 'solutions/reference-javascript/src/solution.js': _s, ...rest } = pkg('bad-nojsref');
    const res = await upload(ctx, tarOf(rest));
    expect(res.status).toBe(400);
    expect(res.json.error.details.issues).toEqual([
      { path: 'solutions/reference-javascript', problem: 'missing', expected: expect.stringMatching(/CommonJS.*"language": "javascript".*languages lists javascript/) },
    ]);
    expect(await stored()).toMatchObject({ challenges: 0 });
  });

  test('a package without a reference, with a broken test and a bad expected.json lists all three', async () => {
    const { 'solutions/reference/expected.json': _e, 'solutions/reference/src/solution.ts': _s, ...rest } = pkg('bad-noref');
    const res = await upload(ctx, tarOf({
      ...rest,
      'tests/hidden/broken.test.ts': 'this is not ( typescript',
      'solutions/case-sensitive/expected.json': '{"language": "typescript", "verdict": "meh"}',
    }));
    expect(res.status).toBe(400);
    const paths = res.json.error.details.issues.map((i: any) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['solutions/reference', 'tests/hidden/broken.test.ts', 'solutions/case-sensitive/expected.json: verdict']));
    expect(await stored()).toMatchObject({ challenges: 0 });
  });
});

/** Ten entries of 60 KiB of zeros each (each under the per-file cap, 600 KiB in all over the 512 KiB total), each claiming 10 bytes. */
function zipBomb(): Buffer {
  const zip = zipOf(Array.from({ length: 10 }, (_, i) => ({ path: `bad-zip-bomb/z${i}.md`, content: Buffer.alloc(60 * 1024) })));
  for (let p = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); p >= 0; p = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), p + 4)) zip.writeUInt32LE(10, p + 24);
  return zip;
}

test('published versions without a gate run (the bundled ones) get one queued once; they stay published', async () => {
  const bundled = (await ctx.db.query(`SELECT count(DISTINCT slug)::int AS n FROM challenges WHERE status = 'published'`)).rows[0].n;
  const first = await queueMissingGates({ db: ctx.db, queue: ctx.queue, log: silentLog }, 1);
  expect(first).toHaveLength(bundled);
  expect(await queueMissingGates({ db: ctx.db, queue: ctx.queue, log: silentLog }, 1)).toHaveLength(0);
  const { rows } = await ctx.db.query(`SELECT DISTINCT c.status FROM gate_runs g JOIN challenges c ON c.id = g.challenge_id WHERE g.id = ANY($1::uuid[])`, [first.map((g) => g.id)]);
  expect(rows).toEqual([{ status: 'published' }]);
});

test('who may call the authoring and rejudge routes (the README table)', async () => {
  const author = (await issueToken(ctx, 'author')).token;
  const otherAuthor = (await issueToken(ctx, 'author')).token;
  const grader = (await issueToken(ctx, 'grader')).token;
  const assessment = await createAssessment(ctx, {}, author);
  const candidate = (await invite(ctx, assessment.id, author)).token;
  const rejudge = await http(ctx, 'POST', '/v1/rejudges', { from: { assessmentId: assessment.id }, to: { slug: 'rag-chunking', version: 1 } }, bearer(author));
  expect(rejudge.status).toBe(201);
  const callers: Record<string, string | null> = { none: null, candidate, grader, author, otherAuthor, admin: ctx.adminToken };
  const v = `/v1/challenges/${SLUG}/versions/1`;
  const rows: Array<[string, string, unknown, Record<string, number>]> = [
    ['GET', `/v1/challenges/${SLUG}/versions`, undefined, { none: 401, candidate: 403, grader: 200, author: 200, otherAuthor: 200, admin: 200 }],
    ['GET', `${v}/gate`, undefined, { none: 401, candidate: 403, grader: 200, author: 200, otherAuthor: 200, admin: 200 }],
    // ${SLUG} was created by the bootstrap admin: admins only
    ['POST', `${v}/publish`, undefined, { none: 401, candidate: 403, grader: 403, author: 403, otherAuthor: 403, admin: 409 }],
    ['GET', `/v1/rejudges/${rejudge.json.id}`, undefined, { none: 401, candidate: 403, grader: 200, author: 200, otherAuthor: 404, admin: 200 }],
    ['POST', `/v1/rejudges/${rejudge.json.id}/cancel`, undefined, { none: 401, candidate: 403, grader: 403, otherAuthor: 404 }],
    ['POST', '/v1/rejudges', { from: { assessmentId: assessment.id }, to: { slug: 'rag-chunking', version: 1 } }, { none: 401, candidate: 403, grader: 403, otherAuthor: 404 }],
  ];
  for (const [method, route, body, expected] of rows) {
    for (const [who, status] of Object.entries(expected)) {
      const res = await http(ctx, method, route, body, bearer(callers[who]!));
      expect({ method, route, who, status: res.status }).toEqual({ method, route, who, status });
    }
  }
  for (const who of ['none', 'candidate', 'grader']) expect((await upload(ctx, tarOf(files), 'application/gzip', callers[who] ?? '')).status).toBe(who === 'none' ? 401 : 403);
});
