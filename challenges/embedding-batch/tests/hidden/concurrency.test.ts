import { describe, test, expect, llm } from '@judge/test';
import { embedAll, sent, ordered, makeDocs, expectVectorOf, within, maxOverlap, EMBEDDINGS } from '../helpers/batch';

describe('concurrency', () => {
  test('never more than `concurrency` requests in flight', async () => {
    llm.script([{ match: { path: EMBEDDINGS, messages: 'hvbound' }, respond: { delayMs: 150 } }]);
    const docs = makeDocs('hvbound', 16);
    const out = await within(embedAll(docs, { maxBatchSize: 2, concurrency: 2 }));
    expect(maxOverlap(sent('hvbound'))).toBeLessThanOrEqual(2);
    expect(sent('hvbound')).toHaveLength(8);
    docs.forEach((d, i) => expectVectorOf(out.results[i], d.text));
  }, { weight: 3 });

  test('uses the concurrency it is given: `concurrency` requests in flight at once', async () => {
    llm.script([{ match: { path: EMBEDDINGS, messages: 'hvparallel' }, respond: { delayMs: 400 } }]);
    const docs = makeDocs('hvparallel', 6);
    const out = await within(embedAll(docs, { maxBatchSize: 1, concurrency: 3 }));
    expect(maxOverlap(sent('hvparallel'))).toBe(3);
    expect(out.stats).toEqual({ embedded: 6, reused: 0, failed: 0, requests: 6 });
  }, { weight: 2 });

  test('a pool, not waves: while one slow batch is in flight the others keep going', async () => {
    const docs = makeDocs('hvpool', 5);
    llm.script([
      { match: { path: EMBEDDINGS, messages: 'note 0 ' }, respond: { delayMs: 1500 } },
      { match: { path: EMBEDDINGS, messages: 'hvpool' }, respond: { delayMs: 60 } },
    ]);
    const out = await within(embedAll(docs, { maxBatchSize: 1, concurrency: 2 }));
    const reqs = sent('hvpool');
    expect(maxOverlap(reqs)).toBeLessThanOrEqual(2);
    const slow = reqs.find((r) => r.inputs[0] === docs[0].text)!;
    const others = reqs.filter((r) => r !== slow);
    expect(others).toHaveLength(4);
    // Every other batch was sent (and answered) while the slow one was still in flight.
    const lastOtherEnd = Math.max(...others.map((r) => r.end ?? Infinity));
    expect({ othersDoneBeforeSlowEnded: lastOtherEnd < (slow.end ?? 0) }).toEqual({ othersDoneBeforeSlowEnded: true });
    expect(out.stats.requests).toBe(5);
  }, { weight: 2 });

  test('concurrency 1: strictly one request at a time, in batch order', async () => {
    llm.script([{ match: { path: EMBEDDINGS, messages: 'hvserial' }, respond: { delayMs: 40 } }]);
    const docs = makeDocs('hvserial', 6);
    await within(embedAll(docs, { maxBatchSize: 2, concurrency: 1 }));
    const reqs = sent('hvserial');
    expect(reqs).toHaveLength(3);
    expect(maxOverlap(reqs)).toBe(1);
    // One at a time, so they arrive in batch order, each at least the 40 ms delay after the one before.
    expect(reqs.map((r) => r.inputs)).toEqual(ordered(reqs.map((r) => r.inputs), docs));
    for (let i = 1; i < reqs.length; i++) expect(reqs[i].start - reqs[i - 1].start).toBeGreaterThanOrEqual(38);
  });
});
