import { describe, test, expect, llm } from '@judge/test';
import { embedAll, sent, makeDocs, expectVectorOf, within, byId, EMBEDDINGS } from '../helpers/batch';

/** Milliseconds from the start of each request to the start of the next one (the wait plus the request's latency). */
const gaps = (reqs: { start: number }[]) => reqs.slice(1).map((r, i) => r.start - reqs[i].start);

describe('retries', () => {
  test('a 429 is retried after at least retry-after-ms, with the same inputs', async () => {
    llm.script([{ match: { path: EMBEDDINGS, messages: 'hvrate', times: 2 }, respond: { status: 429, retryAfterMs: 200 } }]);
    const docs = makeDocs('hvrate', 3);
    const out = await within(embedAll(docs, { maxBatchSize: 8 }));
    const reqs = sent('hvrate');
    expect(reqs.map((r) => r.status)).toEqual([429, 429, 200]);
    expect(reqs.map((r) => r.inputs)).toEqual([0, 1, 2].map(() => docs.map((d) => d.text)));
    for (const gap of gaps(reqs)) expect(gap).toBeGreaterThanOrEqual(195);
    docs.forEach((d, i) => expectVectorOf(out.results[i], d.text));
    expect(out.stats).toEqual({ embedded: 3, reused: 0, failed: 0, requests: 3 });
  }, { weight: 3 });

  test('retry-after-ms decides, not retry-after (whole seconds): the retries come quickly', async () => {
    llm.script([{ match: { path: EMBEDDINGS, messages: 'hvquick', times: 2 }, respond: { status: 429, retryAfterMs: 120 } }]);
    const docs = makeDocs('hvquick', 2);
    const out = await within(embedAll(docs));
    const reqs = sent('hvquick');
    expect(reqs.map((r) => r.status)).toEqual([429, 429, 200]);
    // The server also sends retry-after: 1; waiting whole seconds would take at least 2000 ms here.
    expect(reqs[2].start - reqs[0].start).toBeLessThan(1800);
    for (const gap of gaps(reqs)) expect(gap).toBeGreaterThanOrEqual(115);
    expect(out.stats.failed).toBe(0);
  }, { weight: 2 });

  test('5xx statuses are retried; without a retry header the wait is at least 50 ms', async () => {
    llm.script([
      { match: { path: EMBEDDINGS, messages: 'hvfive', times: 1 }, respond: { status: 500 } },
      { match: { path: EMBEDDINGS, messages: 'hvfive', times: 1 }, respond: { status: 502 } },
    ]);
    const docs = makeDocs('hvfive', 2);
    const out = await within(embedAll(docs, { maxAttempts: 3 }));
    const reqs = sent('hvfive');
    expect(reqs.map((r) => r.status)).toEqual([500, 502, 200]);
    for (const gap of gaps(reqs)) expect(gap).toBeGreaterThanOrEqual(45);
    docs.forEach((d, i) => expectVectorOf(out.results[i], d.text));
    expect(out.stats).toEqual({ embedded: 2, reused: 0, failed: 0, requests: 3 });
  }, { weight: 2 });

  test('a persistent 429: exactly maxAttempts requests, then request_failed for that batch only', async () => {
    llm.script([{ match: { path: EMBEDDINGS, messages: 'walrus' }, respond: { status: 429, retryAfterMs: 30 } }]);
    const docs = [
      { id: 'ok1', text: 'hvpersist the first batch.' },
      { id: 'bad1', text: 'hvpersist walrus one.' },
      { id: 'bad2', text: 'hvpersist walrus two.' },
      { id: 'ok2', text: 'hvpersist the last batch.' },
    ];
    const out = await within(embedAll(docs, { maxBatchSize: 1, maxAttempts: 4 }));
    expect(sent('walrus one').map((r) => r.status)).toEqual([429, 429, 429, 429]);
    expect(sent('walrus two').map((r) => r.status)).toEqual([429, 429, 429, 429]);
    const error = { code: 'request_failed', status: 429, attempts: 4 };
    expect(byId(out, 'bad1')).toEqual({ id: 'bad1', error });
    expect(byId(out, 'bad2')).toEqual({ id: 'bad2', error });
    expectVectorOf(byId(out, 'ok1'), docs[0].text);
    expectVectorOf(byId(out, 'ok2'), docs[3].text);
    expect(out.stats).toEqual({ embedded: 2, reused: 0, failed: 2, requests: 10 });
  }, { weight: 3 });

  test('maxAttempts 1: a 503 is not retried at all (no retries by the HTTP client either)', async () => {
    llm.script([{ match: { path: EMBEDDINGS, messages: 'hvonce' }, respond: { status: 503, retryAfterMs: 10 } }]);
    const docs = makeDocs('hvonce', 3);
    const out = await within(embedAll(docs, { maxAttempts: 1 }));
    expect(sent('hvonce').map((r) => r.status)).toEqual([503]);
    for (const r of out.results) expect(r.error).toEqual({ code: 'request_failed', status: 503, attempts: 1 });
    expect(out.stats).toEqual({ embedded: 0, reused: 0, failed: 3, requests: 1 });
    expect(out.checkpoint.entries).toEqual([]);
  }, { weight: 2 });

  test('client errors (400, 401, 404, 422) fail the batch at once, without a retry', async () => {
    llm.script([
      { match: { path: EMBEDDINGS, messages: 'e400' }, respond: { status: 400, message: 'Invalid input' } },
      { match: { path: EMBEDDINGS, messages: 'e401' }, respond: { status: 401 } },
      { match: { path: EMBEDDINGS, messages: 'e404' }, respond: { status: 404 } },
      { match: { path: EMBEDDINGS, messages: 'e422' }, respond: { status: 422 } },
    ]);
    const docs = ['e400', 'e401', 'e404', 'e422', 'fine'].map((k) => ({ id: k, text: `hvclient ${k} document.` }));
    const out = await within(embedAll(docs, { maxBatchSize: 1, maxAttempts: 3 }));
    for (const k of ['e400', 'e401', 'e404', 'e422']) {
      expect(sent(k).length).toBe(1);
      expect(byId(out, k)).toEqual({ id: k, error: { code: 'request_failed', status: Number(k.slice(1)), attempts: 1 } });
    }
    expectVectorOf(byId(out, 'fine'), docs[4].text);
    expect(out.stats).toEqual({ embedded: 1, reused: 0, failed: 4, requests: 5 });
  }, { weight: 3 });

  test('a failure after a retry reports the last status and the attempts made', async () => {
    llm.script([
      { match: { path: EMBEDDINGS, messages: 'hvmixed', times: 1 }, respond: { status: 503, retryAfterMs: 20 } },
      { match: { path: EMBEDDINGS, messages: 'hvmixed', times: 1 }, respond: { status: 400 } },
    ]);
    const docs = makeDocs('hvmixed', 2);
    const out = await within(embedAll(docs, { maxAttempts: 5 }));
    expect(sent('hvmixed').map((r) => r.status)).toEqual([503, 400]);
    for (const r of out.results) expect(r.error).toEqual({ code: 'request_failed', status: 400, attempts: 2 });
    expect(out.stats).toEqual({ embedded: 0, reused: 0, failed: 2, requests: 2 });
  });
});

describe('timeouts', () => {
  test('a request that hangs is abandoned after timeoutMs and retried', async () => {
    llm.script([{ match: { path: EMBEDDINGS, messages: 'hvhang', times: 1 }, respond: { hang: true } }]);
    const docs = makeDocs('hvhang', 2);
    const started = Date.now();
    const out = await within(embedAll(docs, { timeoutMs: 1000 }));
    const reqs = sent('hvhang');
    expect(reqs).toHaveLength(2);
    expect(reqs[1].status).toBe(200);
    expect(reqs[1].start - reqs[0].start).toBeGreaterThanOrEqual(990);
    docs.forEach((d, i) => expectVectorOf(out.results[i], d.text));
    expect(out.stats).toEqual({ embedded: 2, reused: 0, failed: 0, requests: 2 });
    expect(Date.now() - started).toBeLessThan(3800);
  }, { weight: 3 });

  test('a request that keeps hanging fails with status null after maxAttempts', async () => {
    llm.script([{ match: { path: EMBEDDINGS, messages: 'hvstuck' }, respond: { hang: true } }]);
    const docs = [
      { id: 'stuck', text: 'hvstuck forever.' },
      { id: 'free', text: 'hvfree answered at once.' },
    ];
    const out = await within(embedAll(docs, { maxBatchSize: 1, timeoutMs: 800, maxAttempts: 2 }));
    expect(sent('hvstuck')).toHaveLength(2);
    expect(byId(out, 'stuck')).toEqual({ id: 'stuck', error: { code: 'request_failed', status: null, attempts: 2 } });
    expectVectorOf(byId(out, 'free'), docs[1].text);
    expect(out.stats).toEqual({ embedded: 1, reused: 0, failed: 1, requests: 3 });
  }, { weight: 2 });
});
