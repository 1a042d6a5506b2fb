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

describe('concurrency', () => {
  test('20 concurrent requests are answered independently', async () => {
    const labels = ['billing', 'shipping', 'technical'];
    const n = 20;
    const marker = (i: number) => `hvcase-parallel-${i}x`;
    llm.script([
      // every fourth request first meets a 503 (retried), the others answer at once
      ...Array.from({ length: n }, (_, i) => i).filter((i) => i % 4 === 0)
        .map((i) => ({ match: { messages: marker(i), times: 1 }, respond: { status: 503, retryAfterMs: 30 } })),
      ...Array.from({ length: n }, (_, i) => ({ match: { messages: marker(i) }, respond: { json: { label: labels[i % 3] } } })),
    ]);
    const port = await start();
    const results = await Promise.all(Array.from({ length: n }, (_, i) => post(port, { text: `Ticket number ${i} (${marker(i)})`, labels })));
    const ids = new Set<string>();
    results.forEach((r, i) => {
      const sent = calls(marker(i));
      const ok = sent.filter((e) => e.status === 200);
      expect({ i, status: r.status, body: r.json, attempts: sent.length }).toEqual({
        i,
        status: 200,
        body: { label: labels[i % 3], requestId: ok[0]?.requestId },
        attempts: i % 4 === 0 ? 2 : 1,
      });
      ids.add(r.json.requestId);
    });
    expect(ids.size).toBe(n);
  }, { weight: 2 });
});
