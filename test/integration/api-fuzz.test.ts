/**
 * Property-based fuzz of the submission endpoint: arbitrary JSON, near-valid bodies with hostile file maps, broken
 * encodings and header abuse. No 5xx, ever; anything stored is well-formed.
 */
import fc from 'fast-check';
import { filePathSchema } from '../../core/submissions/submission-schema';
import { LANGUAGES } from '../../sandbox/harness/protocol';
import { createTestContext, type TestContext } from '../helpers/test-context';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx.close());

async function post(body: string | Buffer, headers: Record<string, string> = {}): Promise<number> {
  const res = await fetch(`${ctx.api.url}/v1/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ctx.adminToken}`, ...headers },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

const hostilePath = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('src/solution.ts', '../x.ts', '/etc/passwd', 'a\u0000b', 'src\\x.ts', '', '.', '..', 'src//a.ts', 'ü/ß.ts', 'a/'.repeat(60)),
);
const nearValid = fc.record({
  challenge: fc.oneof(fc.constant('rag-chunking'), fc.string({ maxLength: 70 }), fc.integer()),
  language: fc.oneof(fc.constantFrom('typescript', 'javascript', 'python'), fc.anything()),
  files: fc.oneof(fc.dictionary(hostilePath, fc.oneof(fc.string({ maxLength: 200 }), fc.anything()), { maxKeys: 8 }), fc.anything()),
}, { requiredKeys: [] });

test('arbitrary and near-valid JSON bodies never cause a 5xx', async () => {
  await fc.assert(fc.asyncProperty(fc.oneof(fc.anything(), nearValid), async (body) => {
    const json = JSON.stringify(body);
    if (json === undefined) return;
    const status = await post(json);
    expect(status).toBeLessThan(500);
  }), { numRuns: 150, seed: 42 });
});

test('broken encodings, deep nesting and header abuse are clear 4xx', async () => {
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  expect(await post(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]))).toBe(400); // invalid UTF-8
  expect(await post(deep)).toBeGreaterThanOrEqual(400);
  expect(await post('{"challenge":"rag-chunking"}', { 'content-type': 'application/json; charset=latin1' })).toBe(415);
  expect(await post('{}', { 'content-type': 'text/plain' })).toBe(415);
  expect(await post('{"a":1}', { 'content-encoding': 'br-nonsense' })).toBe(415);
  expect(await post('{"a":1}', { authorization: 'Bearer ' + 'x'.repeat(10_000) })).toBe(401);
});

test('everything that was stored is well-formed', async () => {
  const { rows } = await ctx.db.query<{ files: Record<string, string>; language: string }>('SELECT files, language FROM submissions');
  for (const row of rows) {
    expect(LANGUAGES).toContain(row.language);
    for (const [file, content] of Object.entries(row.files)) {
      expect({ file, issues: filePathSchema.safeParse(file).error?.issues }).toEqual({ file, issues: undefined });
      expect(typeof content).toBe('string');
    }
  }
});
