/** What an integrator relies on beyond the basics: synchronous submits (`?wait=`) and CORS for listed origins. */
import { REFERENCE } from '../helpers/assessment-fixtures';
import { createTestContext, http, type TestContext } from '../helpers/test-context';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ worker: true, config: { CORS_ORIGINS: 'https://ats.example.com' } });
});
afterAll(() => ctx?.close());

const body = { challenge: 'rag-chunking', language: 'typescript', files: REFERENCE };

test('POST /v1/submissions?wait=true answers 200 with the verdict when it comes in time', async () => {
  const res = await http(ctx, 'POST', '/v1/submissions?wait=true', body);
  expect([res.status, res.json.status, res.json.verdict, res.headers.get('location')]).toEqual([200, 'finished', 'accepted', `/v1/submissions/${res.json.id}`]);
});

test('?wait=0 answers 202 at once; a wait beyond the cap or an unknown parameter is 400', async () => {
  const now = await http(ctx, 'POST', '/v1/submissions?wait=0', body);
  expect([now.status, now.json.status]).toEqual([202, 'queued']);
  for (const query of ['wait=999', 'wait=soon', 'hurry=1']) {
    const bad = await http(ctx, 'POST', `/v1/submissions?${query}`, body);
    expect([query, bad.status, bad.json.error.code]).toEqual([query, 400, 'validation_failed']);
  }
});

test('CORS: a listed origin may call and read the headers; another gets no CORS headers', async () => {
  const preflight = await fetch(`${ctx.api.url}/v1/submissions`, {
    method: 'OPTIONS', headers: { origin: 'https://ats.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
  });
  expect([preflight.status, preflight.headers.get('access-control-allow-origin'), preflight.headers.get('access-control-allow-credentials')])
    .toEqual([204, 'https://ats.example.com', null]);
  expect(preflight.headers.get('access-control-allow-headers')).toContain('Authorization');
  const listed = await fetch(`${ctx.api.url}/v1/challenges`, { headers: { origin: 'https://ats.example.com' } });
  expect(listed.headers.get('access-control-expose-headers')).toContain('X-Request-Id');
  const other = await fetch(`${ctx.api.url}/v1/challenges`, { headers: { origin: 'https://evil.example.com' } });
  expect(other.headers.get('access-control-allow-origin')).toBeNull();
});
