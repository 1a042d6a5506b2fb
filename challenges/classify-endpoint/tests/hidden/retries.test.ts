import { describe, test, expect, llm } from '@judge/test';
import { start, API_KEY, post, calls } from '../helpers/classify';

function gaps(entries: { time: string }[]): number[] {
  const t = entries.map((e) => Date.parse(e.time));
  return t.slice(1).map((v, i) => v - t[i]);
}

const LABELS = ['billing', 'shipping'];

describe('retries', () => {
  test('two 429s then a label: three attempts, each retry waits retry-after-ms', async () => {
    const marker = 'hvcase-two-429';
    llm.script([
      { match: { messages: marker, times: 2 }, respond: { status: 429, retryAfterMs: 160 } },
      { match: { messages: marker }, respond: { json: { label: 'shipping' } } },
    ]);
    const port = await start();
    const r = await post(port, { text: `Where is my parcel (${marker})`, labels: LABELS });
    expect(r.status).toBe(200);
    const sent = calls(marker);
    expect(sent.map((e) => e.status)).toEqual([429, 429, 200]);
    expect(r.json).toEqual({ label: 'shipping', requestId: sent[2].requestId });
    for (const gap of gaps(sent)) expect(gap).toBeGreaterThanOrEqual(155);
    expect(r.ms).toBeLessThan(1200);
  }, { weight: 3 });

  test('a 500 and then a 503 are retried with the default backoff', async () => {
    const marker = 'hvcase-500-503';
    llm.script([
      { match: { messages: marker, times: 1 }, respond: { status: 500 } },
      { match: { messages: marker, times: 1 }, respond: { status: 503 } },
      { match: { messages: marker }, respond: { json: { label: 'billing' } } },
    ]);
    const port = await start();
    const r = await post(port, { text: `Refund please (${marker})`, labels: LABELS });
    expect(r.status).toBe(200);
    const sent = calls(marker);
    expect(sent.map((e) => e.status)).toEqual([500, 503, 200]);
    expect(r.json).toEqual({ label: 'billing', requestId: sent[2].requestId });
    const [first, second] = gaps(sent);
    expect(first).toBeGreaterThanOrEqual(45);
    expect(second).toBeGreaterThanOrEqual(95);
  }, { weight: 1 });

  test('a persistent 500 gives 503 upstream_unavailable after exactly 3 attempts', async () => {
    const marker = 'hvcase-always-500';
    llm.script([{ match: { messages: marker }, respond: { status: 500, retryAfterMs: 20 } }]);
    const port = await start();
    const r = await post(port, { text: `Refund please (${marker})`, labels: LABELS });
    expect(r.status).toBe(503);
    expect(r.json?.error?.code).toBe('upstream_unavailable');
    expect(calls(marker)).toHaveLength(3);
  }, { weight: 3 });

  test('a persistent 429 gives 503 upstream_unavailable after exactly 3 attempts', async () => {
    const marker = 'hvcase-always-429';
    llm.script([{ match: { messages: marker }, respond: { status: 429, retryAfterMs: 30 } }]);
    const port = await start();
    const r = await post(port, { text: `Refund please (${marker})`, labels: LABELS });
    expect(r.status).toBe(503);
    expect(r.json?.error?.code).toBe('upstream_unavailable');
    expect(calls(marker).map((e) => e.status)).toEqual([429, 429, 429]);
  }, { weight: 1 });

  test('an upstream 400 is not retried and its message is not echoed', async () => {
    const marker = 'hvcase-upstream-400';
    llm.script([{ match: { messages: marker }, respond: { status: 400, message: "Invalid value for 'messages': hvsecret-upstream-detail", param: 'messages' } }]);
    const port = await start();
    const r = await post(port, { text: `Refund please (${marker})`, labels: LABELS });
    expect(r.status).toBe(500);
    expect(r.json?.error?.code).toBe('internal_error');
    expect(r.text).not.toContain('hvsecret-upstream-detail');
    expect(calls(marker)).toHaveLength(1);
  }, { weight: 2 });

  test('an upstream 401 is not retried and the API key never reaches the client', async () => {
    const marker = 'hvcase-upstream-401';
    llm.script([{
      match: { messages: marker },
      respond: { status: 401, message: `Incorrect API key provided: ${API_KEY}. You can find your API key at https://platform.openai.com/account/api-keys.` },
    }]);
    const port = await start();
    const r = await post(port, { text: `Refund please (${marker})`, labels: LABELS });
    expect(r.status).toBe(500);
    expect(r.json?.error?.code).toBe('internal_error');
    expect(r.text).not.toContain(API_KEY);
    expect(r.text).not.toContain('sk-judge');
    expect(calls(marker)).toHaveLength(1);
  }, { weight: 3 });

  test('other 4xx statuses are not retried', async () => {
    const marker = 'hvcase-other-4xx';
    const statuses = [403, 404, 422];
    llm.script(statuses.map((status) => ({ match: { messages: `${marker}-${status}` }, respond: { status } })));
    const port = await start();
    for (const status of statuses) {
      const r = await post(port, { text: `Refund please (${marker}-${status})`, labels: LABELS });
      expect({ upstream: status, status: r.status, code: r.json?.error?.code }).toEqual({ upstream: status, status: 500, code: 'internal_error' });
      expect(calls(`${marker}-${status}`)).toHaveLength(1);
    }
  }, { weight: 1 });

  test('a retry-after that would pass the deadline gives 503 at once', async () => {
    const marker = 'hvcase-long-retry-after';
    llm.script([{ match: { messages: marker }, respond: { status: 429, retryAfterMs: 5000 } }]);
    const port = await start();
    const r = await post(port, { text: `Refund please (${marker})`, labels: LABELS });
    expect(r.status).toBe(503);
    expect(r.json?.error?.code).toBe('upstream_unavailable');
    expect(r.ms).toBeLessThan(900);
    expect(calls(marker)).toHaveLength(1);
  }, { weight: 2 });

  test('the deadline counts the time already spent: the second long wait is skipped', async () => {
    const marker = 'hvcase-deadline-midway';
    llm.script([{ match: { messages: marker }, respond: { status: 503, retryAfterMs: 800 } }]);
    const port = await start();
    const r = await post(port, { text: `Refund please (${marker})`, labels: LABELS });
    expect(r.status).toBe(503);
    expect(r.json?.error?.code).toBe('upstream_unavailable');
    const sent = calls(marker);
    expect(sent).toHaveLength(2);
    expect(gaps(sent)[0]).toBeGreaterThanOrEqual(790);
    expect(r.ms).toBeLessThan(1400);
  }, { weight: 2 });

  test('a connection dropped in the middle of the response is retried', async () => {
    const marker = 'hvcase-dropped';
    llm.script([
      { match: { messages: marker, times: 1 }, respond: { truncateAfterChunks: 1, abrupt: true } },
      { match: { messages: marker }, respond: { json: { label: 'billing' } } },
    ]);
    const port = await start();
    const r = await post(port, { text: `Refund please (${marker})`, labels: LABELS });
    expect(r.status).toBe(200);
    const sent = calls(marker);
    expect(sent).toHaveLength(2);
    expect(sent[0].fault).toBe('truncate');
    expect(r.json).toEqual({ label: 'billing', requestId: sent[1].requestId });
  }, { weight: 1 });
});
