import { describe, test, expect, llm } from '@judge/test';
import { start, post, calls } from '../helpers/classify';

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
