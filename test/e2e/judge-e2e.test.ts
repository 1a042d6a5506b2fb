/**
 * End to end through HTTP, PostgreSQL, Redis, BullMQ, a worker and Docker: every bundled solution gets the verdict
 * its expected.json names (golden fixtures, as Exercism's runners do), plus the failure modes every judge must name.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { readTree } from '../../core/platform/read-tree';
import { CHALLENGES_DIR } from '../../core/challenges/load-bundled-challenges';
import { createTestContext, http, waitForVerdict, type TestContext } from '../helpers/test-context';

jest.setTimeout(180_000);

interface Expected {
  language: 'typescript' | 'javascript';
  verdict: string;
  failing?: string[];
}

const fixtures = readdirSync(CHALLENGES_DIR)
  .filter((slug) => existsSync(path.join(CHALLENGES_DIR, slug, 'challenge.json')))
  .flatMap((slug) => {
    const dir = path.join(CHALLENGES_DIR, slug, 'solutions');
    return existsSync(dir) ? readdirSync(dir).map((name) => ({ slug, name, dir: path.join(dir, name) })) : [];
  });
// Through HTTP and the queue: every rag-chunking solution, and every challenge's reference. The publish gate
// (`npm run challenges:verify`, run alone in CI) judges every known-bad of every challenge directly in the sandbox.
const judged = fixtures.filter((f) => f.slug === 'rag-chunking' || f.name === 'reference');

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ worker: true });
});
let closed = false;
afterAll(async () => {
  if (!closed) await ctx.close();
});

async function submit(challenge: string, language: string, files: Record<string, string>) {
  const res = await http(ctx, 'POST', '/v1/submissions', { challenge, language, files });
  expect(res.status).toBe(202);
  return res.json.id as string;
}

test('the bundled challenges ship a reference and known-bad solutions', () => {
  for (const slug of new Set(fixtures.map((f) => f.slug))) {
    const names = fixtures.filter((f) => f.slug === slug).map((f) => f.name);
    expect(names).toContain('reference');
    expect(names.length).toBeGreaterThanOrEqual(3);
  }
});

describe.each(judged)('$slug / $name', ({ slug, dir }) => {
  test('gets the verdict and failing tests its expected.json names', async () => {
    const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Expected;
    const files = await readTree(dir);
    delete files['expected.json'];
    const result = await waitForVerdict(ctx, await submit(slug, expected.language, files));
    const failing = result.tests.filter((t: { status: string }) => t.status !== 'pass').map((t: { name: string }) => t.name).sort();
    const fullScore = (score: number) => (expected.verdict === 'accepted' ? { score } : {}); // accepted: every point
    expect({ verdict: result.verdict, failing, ...fullScore(result.score) })
      .toEqual({ verdict: expected.verdict, failing: [...(expected.failing ?? [])].sort(), ...fullScore(result.maxScore) });
    const malformed = result.tests.filter((t: any) => !(['public', 'hidden'].includes(t.visibility) && typeof t.durationMs === 'number' && t.weight >= 0));
    expect(malformed).toEqual([]);
  });
});

describe('failure modes', () => {
  const entry = 'src/solution.ts';

  test('a syntax error is compile_error with the compiler message and no test run', async () => {
    const result = await waitForVerdict(ctx, await submit('rag-chunking', 'typescript', { [entry]: 'export function chunk( {\n  return [;\n}' }));
    expect(result.verdict).toBe('compile_error');
    expect(result.message).toMatch(/src\/solution\.ts\(\d+,\d+\): error TS\d+/);
    expect(result.score).toBe(0);
  });

  test('an infinite loop is time_limit within the wall-clock limit plus a small margin', async () => {
    const started = Date.now();
    const id = await submit('rag-chunking', 'typescript', { [entry]: 'export function chunk(): never { for (;;) {} }' });
    const result = await waitForVerdict(ctx, id);
    const elapsed = Date.now() - started;
    const { json: challenge } = await http(ctx, 'GET', '/v1/challenges/rag-chunking');
    expect(result.verdict).toBe('time_limit');
    expect(result.score).toBe(0);
    expect(elapsed).toBeLessThan(challenge.limits.wallTimeMs + 10_000);
  });

  test('a module that throws on load is runtime_error, never accepted', async () => {
    const result = await waitForVerdict(ctx, await submit('rag-chunking', 'typescript', { [entry]: 'throw new Error("boom at import");\nexport function chunk() { return []; }' }));
    expect(result.verdict).toBe('runtime_error');
    expect(result.message).toMatch(/boom at import/);
    expect(result.score).toBe(0);
  });

  test('a JavaScript submission is judged by the same tests', async () => {
    const files = await readTree(path.join(CHALLENGES_DIR, 'rag-chunking', 'starter', 'javascript'));
    const result = await waitForVerdict(ctx, await submit('rag-chunking', 'javascript', files));
    expect(result.verdict).toBe('wrong_answer');
    expect(result.tests.length).toBeGreaterThan(10);
  });

  test('printing forever is output_limit, never a pass', async () => {
    const code = 'export function chunk() { const line = "x".repeat(1 << 16); for (;;) process.stdout.write(line); }';
    const result = await waitForVerdict(ctx, await submit('rag-chunking', 'typescript', { [entry]: code }));
    expect(result.verdict).toBe('output_limit');
    expect(result.outputTruncated).toBe(true);
  });

  test('allocating without bound is memory_limit', async () => {
    const code = 'const keep: Buffer[] = [];\nexport function chunk() { for (;;) keep.push(Buffer.alloc(16 << 20, 1)); }';
    const result = await waitForVerdict(ctx, await submit('rag-chunking', 'typescript', { [entry]: code }));
    expect(result.verdict).toBe('memory_limit');
  });
});

test('no sandbox container is left behind once the worker has stopped (warm pool included)', async () => {
  const containers = async () => (await ctx.docker.listContainers({ all: true, filters: { label: ['ai-judge.sandbox=1'] } }))
    .filter((c) => c.Labels['ai-judge.worker']?.endsWith(`-${process.pid}`));
  // waiting in the pool, or analysing code quality after a verdict (that stage runs after judging)
  const judging = (await containers()).filter((c) => c.Labels['ai-judge.pool'] !== '1' && c.Labels['ai-judge.mode'] !== 'quality');
  expect(judging.map((c) => ({ id: c.Id, state: c.State, labels: c.Labels }))).toEqual([]);
  await ctx.close();
  closed = true;
  expect(await containers()).toEqual([]);
});
