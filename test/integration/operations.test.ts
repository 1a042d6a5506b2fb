/**
 * What an operator relies on: /metrics after real judging (admins, or a port of its own), request ids in headers and
 * logs, readiness that counts live workers, and event streams that do not hold a stopping API.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { startApi } from '../../api/start-api';
import { createMetrics, serveMetrics } from '../../core/platform/metrics';
import { REFERENCE, issueToken, submit } from '../helpers/assessment-fixtures';
import { bearer, createTestContext, http, waitForVerdict, type TestContext } from '../helpers/test-context';

const lines: string[] = [];
const captured = pino({ level: 'info' }, new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } }));
const metrics = createMetrics();
let ctx: TestContext;
let judgedId: string;

beforeAll(async () => {
  ctx = await createTestContext({ worker: true, metrics, log: captured });
  judgedId = (await submit(ctx, ctx.adminToken, REFERENCE)).json.id;
  await waitForVerdict(ctx, judgedId);
});
afterAll(() => ctx?.close());

/** The value of one series in Prometheus' text format, or undefined. */
function series(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.includes(w)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

test('/metrics after a judgement: verdicts, judge time, API requests, queues and the pool, for admins only', async () => {
  await new Promise((r) => setTimeout(r, 300)); // the verdict hooks run just after the stored verdict
  const res = await fetch(`${ctx.api.url}/metrics`, { headers: bearer(ctx.adminToken) });
  const text = await res.text();
  expect([res.status, res.headers.get('content-type')]).toEqual([200, expect.stringContaining('text/plain')]);
  expect({
    judgements: series(text, 'judge_judgements_total', { challenge: 'rag-chunking', language: 'typescript', verdict: 'accepted', purpose: 'submission' }),
    judgeCount: series(text, 'judge_judge_duration_seconds_count', { challenge: 'rag-chunking', language: 'typescript' }),
    submitted: series(text, 'judge_api_requests_total', { route: '/v1/submissions', method: 'POST', status: '202' }),
    waiting: series(text, 'judge_queue_jobs', { queue: ctx.config.QUEUE_NAME, state: 'waiting' }),
    oldest: series(text, 'judge_queue_oldest_waiting_seconds', { queue: ctx.config.QUEUE_NAME }),
  }).toEqual({ judgements: 1, judgeCount: 1, submitted: 1, waiting: 0, oldest: 0 });
  expect(series(text, 'judge_judge_duration_seconds_sum', { challenge: 'rag-chunking' })).toBeGreaterThan(0);
  expect(text).toMatch(/^judge_sandbox_pool_target \d+$/m);
  const grader = (await issueToken(ctx, 'grader')).token;
  expect((await fetch(`${ctx.api.url}/metrics`, { headers: bearer(grader) })).status).toBe(403);
  expect((await fetch(`${ctx.api.url}/metrics`)).status).toBe(401);
});

test('METRICS_PORT serves the same metrics without a token, and nothing else', async () => {
  const served = await serveMetrics(metrics, '127.0.0.1', 0);
  try {
    const res = await fetch(served.url);
    expect([res.status, (await res.text()).includes('judge_judgements_total')]).toEqual([200, true]);
    expect((await fetch(served.url.replace('/metrics', '/v1/tokens'))).status).toBe(404);
  } finally {
    await served.close();
  }
});

test('every answer carries a request id, a plain one sent by the client is kept, and the access log line has it', async () => {
  const fresh = await fetch(`${ctx.api.url}/v1/challenges`);
  expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  const kept = await fetch(`${ctx.api.url}/v1/submissions/${judgedId}`, { headers: { ...bearer(ctx.adminToken), 'x-request-id': 'ats-7f3a.1' } });
  expect(kept.headers.get('x-request-id')).toBe('ats-7f3a.1');
  const hostile = await fetch(`${ctx.api.url}/v1/challenges`, { headers: { 'x-request-id': `${'x'.repeat(80)} <b>` } });
  expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  await new Promise((r) => setTimeout(r, 50));
  const logged = lines.map((l) => JSON.parse(l) as { req?: { id?: string; url?: string }; res?: { statusCode?: number } }).find((l) => l.req?.id === 'ats-7f3a.1');
  expect(logged).toMatchObject({ req: { url: `/v1/submissions/${judgedId}` }, res: { statusCode: 200 } });
  expect(lines.join('\n')).not.toContain(ctx.adminToken);
});

test('/readyz counts the live workers', async () => {
  const res = await http(ctx, 'GET', '/readyz');
  expect([res.status, res.json.checks.workers]).toEqual([200, 'up: 1 alive']);
});

test('an open event stream does not hold a stopping API', async () => {
  const api = await startApi({ ...ctx, log: captured }, 0, '127.0.0.1');
  const queued = (await http(ctx, 'POST', '/v1/submissions', { challenge: 'rag-chunking', language: 'typescript', files: REFERENCE }, {}, api.url)).json.id;
  const response = await fetch(`${api.url}/v1/submissions/${queued}/events`, { headers: bearer(ctx.adminToken) });
  const reader = response.body!.getReader();
  await reader.read(); // ": connected"
  const started = Date.now();
  await api.close();
  expect(Date.now() - started).toBeLessThan(2_000);
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) { /* drain what was written */ }
});

test('the queue dashboard: admins read it (token or page cookie), others are refused, and it changes nothing', async () => {
  const page = await fetch(`${ctx.api.url}/admin/queues`, { headers: bearer(ctx.adminToken) });
  expect([page.status, page.headers.get('content-type')]).toEqual([200, expect.stringContaining('text/html')]);
  const viaCookie = await fetch(`${ctx.api.url}/admin/queues/api/queues`, { headers: { cookie: `judge_token=${ctx.adminToken}` } });
  const board = await viaCookie.json() as { queues: Array<{ name: string; readOnlyMode: boolean; counts: Record<string, number> }> };
  expect(board.queues.map((q) => [q.name, q.readOnlyMode])).toEqual([[ctx.config.QUEUE_NAME, true]]);
  expect(Object.keys(board.queues[0]!.counts)).toEqual(expect.arrayContaining(['waiting', 'active', 'failed']));
  const grader = await issueToken(ctx, 'grader');
  expect((await fetch(`${ctx.api.url}/admin/queues`, { headers: bearer(grader.token) })).status).toBe(403);
  expect((await fetch(`${ctx.api.url}/admin/queues`)).status).toBe(401);
  const clean = await fetch(`${ctx.api.url}/admin/queues/api/queues/${ctx.config.QUEUE_NAME}/clean/completed`, { method: 'PUT', headers: bearer(ctx.adminToken) });
  expect(clean.status).toBeGreaterThanOrEqual(400); // read-only: bull-board refuses every change
});
