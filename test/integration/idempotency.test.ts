import { countSubmissions, createTestContext, http, type TestContext } from '../helpers/test-context';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx.close());

const body = (text = 'export function chunk() { return []; }') => ({ challenge: 'rag-chunking', language: 'typescript', files: { 'src/solution.ts': text } });

test('a retry with the same Idempotency-Key returns the first submission, not a second one', async () => {
  const before = await countSubmissions(ctx);
  const first = await http(ctx, 'POST', '/v1/submissions', body(), { 'idempotency-key': 'retry-1' });
  const again = await http(ctx, 'POST', '/v1/submissions', body(), { 'idempotency-key': 'retry-1' });
  expect(first.status).toBe(202);
  expect(again.status).toBe(202);
  expect(again.json.id).toBe(first.json.id);
  expect(again.headers.get('idempotent-replayed')).toBe('true');
  expect(await countSubmissions(ctx)).toBe(before + 1);
});

test('concurrent requests with one key store one submission', async () => {
  const before = await countSubmissions(ctx);
  const all = await Promise.all(Array.from({ length: 8 }, () => http(ctx, 'POST', '/v1/submissions', body(), { 'idempotency-key': 'burst-1' })));
  expect(all.map((r) => r.status)).toEqual(Array(8).fill(202));
  expect(new Set(all.map((r) => r.json.id)).size).toBe(1);
  expect(await countSubmissions(ctx)).toBe(before + 1);
});

test('the same key with a different body is refused, and nothing is stored', async () => {
  await http(ctx, 'POST', '/v1/submissions', body(), { 'idempotency-key': 'reuse-1' });
  const before = await countSubmissions(ctx);
  const res = await http(ctx, 'POST', '/v1/submissions', body('export const chunk = () => [];'), { 'idempotency-key': 'reuse-1' });
  expect(res.status).toBe(422);
  expect(res.json.error.code).toBe('idempotency_key_reused');
  expect(await countSubmissions(ctx)).toBe(before);
});

test('without a key, or with a malformed one', async () => {
  const a = await http(ctx, 'POST', '/v1/submissions', body());
  const b = await http(ctx, 'POST', '/v1/submissions', body());
  expect(a.json.id).not.toBe(b.json.id);
  const bad = await http(ctx, 'POST', '/v1/submissions', body(), { 'idempotency-key': 'x'.repeat(300) });
  expect(bad.status).toBe(400);
  expect(bad.json.error.code).toBe('invalid_idempotency_key');
});

test('a queued submission shows its queue position and an estimated wait', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push((await http(ctx, 'POST', '/v1/submissions', body(`export const chunk = () => [${i}];`))).json.id);
  const last = await http(ctx, 'GET', `/v1/submissions/${ids[2]}`);
  expect(last.json.status).toBe('queued');
  expect(last.json.queue.position).toBeGreaterThanOrEqual(2);
  expect(last.json.queue.estimatedWaitMs).toBeGreaterThan(0);
  const first = await http(ctx, 'GET', `/v1/submissions/${ids[0]}`);
  expect(first.json.queue.position).toBeLessThan(last.json.queue.position);
});
