import { countSubmissions, createTestContext, http, type TestContext } from '../helpers/test-context';
import { startApi } from '../../api/start-api';
import { createRedis } from '../../core/submissions/submission-queue';
import { silentLog } from '../helpers/test-context';
import { recordWorkerHeartbeat, removeWorkerHeartbeat } from '../../core/platform/worker-heartbeat';
import { publishScaffold } from '../helpers/challenge-packages';

const reference = "export function chunk() { return []; }";
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx.close());

describe('health', () => {
  test('GET /healthz answers 200', async () => {
    const res = await http(ctx, 'GET', '/healthz');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ok' });
  });

  test('GET /readyz is 503 while no worker has reported, 200 once one has and PostgreSQL, Redis and Docker answer', async () => {
    const none = await http(ctx, 'GET', '/readyz');
    expect([none.status, none.json.down, none.json.checks.workers]).toEqual([503, ['workers'], 'down: no worker has reported in 15 s']);
    await recordWorkerHeartbeat(ctx.redis, ctx.config.QUEUE_NAME, 'api-test-worker');
    const res = await http(ctx, 'GET', '/readyz');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ ready: true, down: [], checks: { postgres: 'up', redis: 'up', docker: 'up', workers: 'up: 1 alive' } });
    await removeWorkerHeartbeat(ctx.redis, ctx.config.QUEUE_NAME, 'api-test-worker');
  });

  test('GET /readyz is 503 naming what is down', async () => {
    const deadRedis = createRedis('redis://127.0.0.1:1', { maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
    const api = await startApi({ ...ctx, redis: deadRedis, log: silentLog }, 0, '127.0.0.1');
    try {
      const res = await fetch(`${api.url}/readyz`);
      const body = (await res.json()) as { down: string[]; checks: Record<string, string> };
      expect(res.status).toBe(503);
      expect(body.down).toEqual(['redis', 'workers']);
      expect(body.checks.postgres).toBe('up');
    } finally {
      await api.close();
      deadRedis.disconnect();
    }
  });
});

describe('where things are', () => {
  test('GET / names the API description, its docs and the pages', async () => {
    const res = await http(ctx, 'GET', '/');
    expect([res.status, res.json]).toEqual([200, { name: 'ai-judge', openapi: '/openapi.json', docs: '/docs', ui: '/ui', health: '/healthz', ready: '/readyz' }]);
  });

  test('a method a path does not answer is 405 with Allow; an unknown path is 404', async () => {
    const wrong = await http(ctx, 'PUT', '/v1/submissions', {});
    expect([wrong.status, wrong.json.error.code, wrong.headers.get('allow')]).toEqual([405, 'method_not_allowed', 'GET, POST, HEAD']);
    const item = await http(ctx, 'DELETE', '/v1/challenges/rag-chunking');
    expect([item.status, item.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    const unknown = await http(ctx, 'GET', '/v1/nothing-here');
    expect([unknown.status, unknown.json.error.code]).toEqual([404, 'route_not_found']);
  });
});

describe('challenges', () => {
  test('GET /v1/challenges lists the published challenges', async () => {
    const res = await http(ctx, 'GET', '/v1/challenges');
    expect(res.status).toBe(200);
    const chunking = res.json.challenges.find((c: { slug: string }) => c.slug === 'rag-chunking');
    expect(chunking).toEqual({
      slug: 'rag-chunking', title: expect.any(String), version: 1, family: 'rag',
      languages: ['typescript', 'javascript', 'python'], summary: expect.any(String),
    });
  });

  test('GET /v1/challenges/:slug gives statement, limits, starter and public tests, never hidden tests or solutions', async () => {
    const res = await http(ctx, 'GET', '/v1/challenges/rag-chunking');
    expect(res.status).toBe(200);
    expect(res.json.statement).toMatch(/chunk/i);
    expect(res.json.limits).toEqual({ wallTimeMs: expect.any(Number), testTimeoutMs: expect.any(Number), memoryMb: expect.any(Number) });
    const ts = res.json.languages.typescript;
    expect(Object.keys(ts.starter)).toContain('src/solution.ts');
    expect(Object.keys(ts.publicTests).length).toBeGreaterThan(0);
    const everything = res.text;
    expect(everything).not.toMatch(/tests\/hidden|hidden\//);
    expect(everything).not.toMatch(/solutions\//);
    const { rows } = await ctx.db.query<{ package: { tests: Array<{ visibility: string; code: string }> } }>(`SELECT package FROM challenges WHERE slug = 'rag-chunking'`);
    for (const hidden of rows[0]!.package.tests.filter((t) => t.visibility === 'hidden')) {
      expect(everything).not.toContain(hidden.code.slice(0, 200));
    }
  });

  test('GET /v1/challenges/:slug lists languages.python: entry, starter, the same public tests, the names the tests call', async () => {
    await publishScaffold(ctx.db, 'py-offered', ['typescript', 'python']);
    const res = await http(ctx, 'GET', '/v1/challenges/py-offered');
    expect(res.status).toBe(200);
    expect(res.json.languages).toEqual({ typescript: expect.any(Object), python: expect.any(Object) });
    const { python, typescript } = res.json.languages;
    expect(python).toEqual({
      entry: 'src/solution.py', starter: { 'src/solution.py': expect.stringMatching(/^def dedupe_lines\(text: str\) -> list\[str\]:$/m) },
      publicTests: typescript.publicTests, names: { dedupeLines: 'dedupe_lines' }, testsNote: expect.stringContaining('TypeScript'),
      packages: expect.arrayContaining([{ name: 'openai', version: expect.stringMatching(/^\d+\.\d+\.\d+$/) }, { name: 'langchain-openai', version: expect.any(String) }]),
    });
    // No list in the manifest: the whole catalogue, with the image's versions
    expect(typescript.packages.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['openai', 'ai', '@ai-sdk/openai', '@langchain/openai', 'zod', 'hono', 'p-retry']));
    expect(typescript.packages.find((p: { name: string }) => p.name === 'openai').version).toMatch(/^6\./);
    expect(typescript).toMatchObject({ entry: 'src/solution.ts', names: { dedupeLines: 'dedupeLines' } });
    expect(typescript).not.toHaveProperty('testsNote');
    expect(res.text).not.toMatch(/solutions\/|reference-python/);
  });

  test('an unknown challenge is 404 with a stable code', async () => {
    const res = await http(ctx, 'GET', '/v1/challenges/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.json.error).toEqual({ code: 'challenge_not_found', message: expect.stringContaining('no-such-thing') });
  });
});

describe('POST /v1/submissions', () => {
  test('accepts a valid submission: 202, stored as queued, enqueued under its own id', async () => {
    const res = await http(ctx, 'POST', '/v1/submissions', { challenge: 'rag-chunking', language: 'typescript', files: { 'src/solution.ts': reference } });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ id: expect.any(String), status: 'queued', challenge: { slug: 'rag-chunking', version: 1 } });
    expect(res.headers.get('location')).toBe(`/v1/submissions/${res.json.id}`);
    const job = await ctx.queue.getJob(res.json.id);
    expect(job?.data).toEqual({ submissionId: res.json.id });
    const got = await http(ctx, 'GET', `/v1/submissions/${res.json.id}`);
    expect(got.status).toBe(200);
    expect(got.json).toMatchObject({ id: res.json.id, status: 'queued', language: 'typescript' });
  });

  test('accepts a Python submission to a challenge offering Python', async () => {
    await publishScaffold(ctx.db, 'py-accepted', ['python']);
    const res = await http(ctx, 'POST', '/v1/submissions', { challenge: 'py-accepted', language: 'python', files: { 'src/solution.py': 'def dedupe_lines(text):\n    return []\n' } });
    expect([res.status, res.json.status]).toEqual([202, 'queued']);
    expect((await http(ctx, 'GET', `/v1/submissions/${res.json.id}`)).json).toMatchObject({ language: 'python', challenge: { slug: 'py-accepted' } });
  });

  test('Python to a challenge that does not offer it is 422 unsupported_language naming what it accepts; nothing is stored', async () => {
    await publishScaffold(ctx.db, 'ts-only', ['typescript']);
    const before = await countSubmissions(ctx);
    const res = await http(ctx, 'POST', '/v1/submissions', { challenge: 'ts-only', language: 'python', files: { 'src/solution.py': 'def dedupe_lines(text):\n    return []\n' } });
    expect([res.status, res.json.error]).toEqual([422, { code: 'unsupported_language', message: 'Challenge "ts-only" accepts typescript, not python.' }]);
    expect(await countSubmissions(ctx)).toBe(before);
  });

  const big = 'x'.repeat(200_000);
  const bad: Array<[string, unknown, number, string]> = [
    ['not JSON', '{"challenge":', 400, 'invalid_json'],
    ['an array', [], 400, 'validation_failed'],
    ['a missing files map', { challenge: 'rag-chunking', language: 'typescript' }, 400, 'validation_failed'],
    ['an empty files map', { challenge: 'rag-chunking', language: 'typescript', files: {} }, 400, 'validation_failed'],
    ['an absolute path', { challenge: 'rag-chunking', language: 'typescript', files: { '/etc/passwd': 'x' } }, 400, 'validation_failed'],
    ['a .. segment', { challenge: 'rag-chunking', language: 'typescript', files: { 'src/../../x.ts': 'x' } }, 400, 'validation_failed'],
    ['a NUL in a path', { challenge: 'rag-chunking', language: 'typescript', files: { 'src/a\u0000.ts': 'x' } }, 400, 'validation_failed'],
    ['a NUL in content', { challenge: 'rag-chunking', language: 'typescript', files: { 'src/solution.ts': 'a\u0000b' } }, 400, 'validation_failed'],
    ['a lone surrogate in content', { challenge: 'rag-chunking', language: 'typescript', files: { 'src/solution.ts': 'a\ud800b' } }, 400, 'validation_failed'],
    ['a path that is also a folder of another', { challenge: 'rag-chunking', language: 'typescript', files: { 'src/solution.ts': 'x', 'src/lib': 'x', 'src/lib/a.ts': 'x' } }, 400, 'validation_failed'],
    ['a backslash path', { challenge: 'rag-chunking', language: 'typescript', files: { 'src\\solution.ts': 'x' } }, 400, 'validation_failed'],
    ['too many files', { challenge: 'rag-chunking', language: 'typescript', files: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`src/f${i}.ts`, 'x'])) }, 400, 'validation_failed'],
    ['an oversized file', { challenge: 'rag-chunking', language: 'typescript', files: { 'src/solution.ts': big } }, 400, 'validation_failed'],
    ['too many bytes in total', { challenge: 'rag-chunking', language: 'typescript', files: { 'src/solution.ts': big.slice(0, 130_000), 'src/b.ts': big.slice(0, 130_000), 'src/c.ts': big.slice(0, 100_000) } }, 400, 'validation_failed'],
    ['a non-string file', { challenge: 'rag-chunking', language: 'typescript', files: { 'src/solution.ts': 42 } }, 400, 'validation_failed'],
    ['an unknown field', { challenge: 'rag-chunking', language: 'typescript', files: { 'src/solution.ts': 'x' }, extra: true }, 400, 'validation_failed'],
    ['an unknown language', { challenge: 'rag-chunking', language: 'cobol', files: { 'src/solution.ts': 'x' } }, 400, 'validation_failed'],
    ['an unknown challenge', { challenge: 'nope', language: 'typescript', files: { 'src/solution.ts': 'x' } }, 404, 'challenge_not_found'],
    ['no entry file', { challenge: 'rag-chunking', language: 'typescript', files: { 'src/other.ts': 'x' } }, 422, 'missing_entry_file'],
  ];
  test.each(bad)('rejects %s with a clear JSON error and stores nothing', async (_name, body, status, code) => {
    const before = await countSubmissions(ctx);
    const res = await http(ctx, 'POST', '/v1/submissions', body);
    expect(res.status).toBe(status);
    expect(res.json.error.code).toBe(code);
    expect(res.json.error.message).toEqual(expect.any(String));
    expect(await countSubmissions(ctx)).toBe(before);
  });

  test('rejects a non-JSON content type with 415', async () => {
    const res = await http(ctx, 'POST', '/v1/submissions', 'challenge=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(415);
    expect(res.json.error.code).toBe('unsupported_media_type');
  });

  test('rejects a body over the size cap with 413', async () => {
    const res = await http(ctx, 'POST', '/v1/submissions', { challenge: 'rag-chunking', language: 'typescript', files: { 'src/solution.ts': 'x'.repeat(2_000_000) } });
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe('payload_too_large');
  });

  test('validation errors list every issue with its path', async () => {
    const res = await http(ctx, 'POST', '/v1/submissions', { language: 'cobol', files: { '/abs': 1 } });
    expect(res.status).toBe(400);
    const paths = res.json.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['challenge', 'language']));
  });
});

describe('GET /v1/submissions/:id', () => {
  test('an unknown or malformed id is 404', async () => {
    expect((await http(ctx, 'GET', '/v1/submissions/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const res = await http(ctx, 'GET', '/v1/submissions/not-a-uuid');
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('submission_not_found');
  });

  test('an unknown route is a JSON 404', async () => {
    const res = await http(ctx, 'GET', '/v2/whatever');
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('route_not_found');
  });
});

describe('challenges by family', () => {
  test('the list is grouped by family and can be filtered by one', async () => {
    const all = (await http(ctx, 'GET', '/v1/challenges')).json.challenges as Array<{ family: string; slug: string }>;
    const families = all.map((c) => c.family);
    expect(families).toEqual([...families].sort());
    expect(new Set(families)).toEqual(new Set(['data', 'endpoint', 'rag']));
    const rag = await http(ctx, 'GET', '/v1/challenges?family=rag');
    expect(rag.json.challenges.map((c: { family: string }) => c.family)).toEqual(Array(rag.json.challenges.length).fill('rag'));
    expect(rag.json.challenges.length).toBeGreaterThanOrEqual(2);
    const bad = await http(ctx, 'GET', '/v1/challenges?family=poetry');
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('validation_failed');
  });
});
