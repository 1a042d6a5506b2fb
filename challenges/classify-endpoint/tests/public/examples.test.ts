import { describe, test, expect, solution, llm } from '@judge/test';

type Api = { start(): number };
const { start } = solution<Api>();

const CHAT = '/v1/chat/completions';

interface Reply {
  status: number;
  json: any;
  text: string;
}

async function post(port: number, body: unknown, waitMs = 2500): Promise<Reply> {
  const res = await fetch(`http://127.0.0.1:${port}/classify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(waitMs),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

/** The chat requests this test sent: each test puts a unique marker in its text. */
function calls(marker: string) {
  return llm.journal().filter((e) => e.path === CHAT && JSON.stringify(e.body).includes(marker));
}

/**
 * A fresh process serves its first upstream requests slowly (module loading, JIT), which could trip a 300 ms timer.
 * The run's first test sends a few untimed requests first; their results do not matter.
 */
async function warmUp(port: number): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await post(port, { text: `warm-up request ${i}`, labels: ['warm', 'up'] }, 1000).catch(() => undefined);
  }
}

describe('examples', () => {
  test('classifies a ticket and returns the upstream request id', async () => {
    const marker = 'pubcase-happy-path';
    llm.script([{ match: { messages: marker }, respond: { json: { label: 'billing' } } }]);
    const port = await start();
    await warmUp(port);
    const r = await post(port, { text: `I was charged twice for my subscription (${marker})`, labels: ['billing', 'shipping', 'technical'] });
    expect(r.status).toBe(200);
    const sent = calls(marker);
    expect(sent).toHaveLength(1);
    expect(r.json).toEqual({ label: 'billing', requestId: sent[0].requestId });
    expect(sent[0].body).toMatchObject({ model: 'gpt-4o-mini', temperature: 0, response_format: { type: 'json_object' } });
  }, { timeoutMs: 6000 });

  test('a missing text is a 400 invalid_request and nothing is sent upstream', async () => {
    const port = await start();
    const r = await post(port, { labels: ['pubcase-missing-text-a', 'pubcase-missing-text-b'] });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('invalid_request');
    expect(r.json.error.details.map((d: { field: string }) => d.field)).toEqual(['text']);
    expect(calls('pubcase-missing-text')).toHaveLength(0);
  });

  test('a label outside the allowed list is a 502 bad_upstream_output', async () => {
    const marker = 'pubcase-unknown-label';
    llm.script([{ match: { messages: marker }, respond: { json: { label: 'refund' } } }]);
    const port = await start();
    const r = await post(port, { text: `Where is my parcel? (${marker})`, labels: ['billing', 'shipping'] });
    expect(r.status).toBe(502);
    expect(r.json.error.code).toBe('bad_upstream_output');
    expect(calls(marker)).toHaveLength(1);
  });

  test('a 429 is retried after retry-after-ms and then succeeds', async () => {
    const marker = 'pubcase-one-429';
    llm.script([
      { match: { messages: marker, times: 1 }, respond: { status: 429, retryAfterMs: 50 } },
      { match: { messages: marker }, respond: { json: { label: 'shipping' } } },
    ]);
    const port = await start();
    const r = await post(port, { text: `My parcel never arrived (${marker})`, labels: ['billing', 'shipping'] });
    expect(r.status).toBe(200);
    const sent = calls(marker);
    expect(sent.map((e) => e.status)).toEqual([429, 200]);
    expect(r.json).toEqual({ label: 'shipping', requestId: sent[1].requestId });
  });
});
