import { describe, test, expect, llm } from '@judge/test';
import { start, post, calls } from '../helpers/classify';

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
