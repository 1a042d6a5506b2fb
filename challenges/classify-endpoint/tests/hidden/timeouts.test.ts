import { describe, test, expect, solution, llm } from '@judge/test';

type Api = { start(): number };
const { start } = solution<Api>();

const CHAT = '/v1/chat/completions';
const API_KEY = 'sk-judge-sandbox-dummy-key';

interface Reply {
  status: number;
  json: any;
  text: string;
  ms: number;
}

/** POSTs to /classify; the test's own wait is bounded so a solution that hangs fails instead of timing out. */
async function post(port: number, body: unknown, options: { raw?: string; path?: string; method?: string; waitMs?: number } = {}): Promise<Reply> {
  const started = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}${options.path ?? '/classify'}`, {
    method: options.method ?? 'POST',
    headers: { 'content-type': 'application/json' },
    body: options.method === 'GET' ? undefined : options.raw ?? JSON.stringify(body),
    signal: AbortSignal.timeout(options.waitMs ?? 2500),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, ms: performance.now() - started };
}

/** The chat requests this test sent: each test puts a unique marker in its text. */
function calls(marker: string) {
  return llm.journal().filter((e) => e.path === CHAT && JSON.stringify(e.body).includes(marker));
}

const LABELS = ['billing', 'shipping'];

/** Polls the journal briefly: the upstream connection close may be seen a moment after the answer. */
async function eventually(check: () => boolean, ms = 400): Promise<boolean> {
  const until = performance.now() + ms;
  while (!check()) {
    if (performance.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

describe('timeouts', () => {
  test('an upstream that never answers gives 504 upstream_timeout after about 300 ms', async () => {
    const marker = 'hvcase-hang';
    llm.script([{ match: { messages: marker }, respond: { hang: true } }]);
    const port = await start();
    const r = await post(port, { text: `Refund please (${marker})`, labels: LABELS }, { waitMs: 2000 });
    expect(r.status).toBe(504);
    expect(r.json?.error?.code).toBe('upstream_timeout');
    expect(r.ms).toBeGreaterThanOrEqual(280);
    expect(r.ms).toBeLessThan(1200);
    expect(calls(marker)).toHaveLength(1);
    expect(await eventually(() => calls(marker)[0]?.clientClosed === true)).toBe(true);
  }, { weight: 3 });

  test('a response body that stalls after the headers also times out', async () => {
    const marker = 'hvcase-stalled-body';
    llm.script([{ match: { messages: marker }, respond: { stallAfterChunks: 1, json: { label: 'billing' } } }]);
    const port = await start();
    const r = await post(port, { text: `Refund please (${marker})`, labels: LABELS }, { waitMs: 2000 });
    expect(r.status).toBe(504);
    expect(r.json?.error?.code).toBe('upstream_timeout');
    expect(r.ms).toBeLessThan(1200);
    const sent = calls(marker);
    expect(sent).toHaveLength(1);
    expect(sent[0].status).toBe(200);
    expect(await eventually(() => calls(marker)[0]?.clientClosed === true)).toBe(true);
  }, { weight: 2 });

  test('a slow but timely upstream is not cut off', async () => {
    const marker = 'hvcase-slow-ok';
    llm.script([{ match: { messages: marker }, respond: { delayMs: 100, json: { label: 'shipping' } } }]);
    const port = await start();
    const r = await post(port, { text: `Where is my parcel (${marker})`, labels: LABELS });
    expect(r.status).toBe(200);
    expect(r.json.label).toBe('shipping');
    expect(calls(marker)).toHaveLength(1);
  }, { weight: 1 });

  test('a timeout after a retried 503 ends the request with 504', async () => {
    const marker = 'hvcase-503-then-hang';
    llm.script([
      { match: { messages: marker, times: 1 }, respond: { status: 503, retryAfterMs: 20 } },
      { match: { messages: marker }, respond: { hang: true } },
    ]);
    const port = await start();
    const r = await post(port, { text: `Refund please (${marker})`, labels: LABELS }, { waitMs: 2000 });
    expect(r.status).toBe(504);
    expect(r.json?.error?.code).toBe('upstream_timeout');
    expect(r.ms).toBeLessThan(1300);
    expect(calls(marker)).toHaveLength(2);
  }, { weight: 1 });
});
