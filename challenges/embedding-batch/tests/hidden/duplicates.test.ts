import { describe, test, expect } from '@judge/test';
import { embedAll, sent, expectVectorOf, within, byId, EMBEDDINGS } from '../helpers/batch';
import { llm } from '@judge/test';

describe('duplicates', () => {
  test('identical texts with different ids are embedded once and all get the vector', async () => {
    const a = 'hvdup the refund policy.';
    const b = 'hvdup the shipping policy.';
    const docs = [
      { id: '1', text: a },
      { id: '2', text: b },
      { id: '3', text: a },
      { id: '4', text: a },
      { id: '5', text: b },
    ];
    const out = await within(embedAll(docs, { maxBatchSize: 2 }));
    const inputs = sent('hvdup').flatMap((s) => s.inputs);
    expect(inputs).toEqual([a, b]);
    expect(sent('hvdup')).toHaveLength(1);
    for (const d of docs) expectVectorOf(byId(out, d.id), d.text);
    expect(out.stats).toEqual({ embedded: 2, reused: 3, failed: 0, requests: 1 });
    expect(out.checkpoint.entries.map((e) => e.text).sort()).toEqual([a, b].sort());
  }, { weight: 3 });

  test('a duplicate takes no room in a batch: batches are packed from the first occurrences only', async () => {
    const texts = ['hvdupack one', 'hvdupack two', 'hvdupack three', 'hvdupack four'];
    const docs = [
      { id: 'a', text: texts[0] },
      { id: 'b', text: texts[0] },
      { id: 'c', text: texts[1] },
      { id: 'd', text: texts[1] },
      { id: 'e', text: texts[2] },
      { id: 'f', text: texts[3] },
    ];
    const out = await within(embedAll(docs, { maxBatchSize: 2, concurrency: 1 }));
    expect(sent('hvdupack').map((s) => s.inputs)).toEqual([[texts[0], texts[1]], [texts[2], texts[3]]]);
    expect(out.stats).toEqual({ embedded: 4, reused: 2, failed: 0, requests: 2 });
  }, { weight: 2 });

  test('a duplicate of a text whose batch failed gets the same error', async () => {
    const bad = 'hvdupfail zebra crossing.';
    const good = 'hvdupfail quiet street.';
    llm.script([{ match: { path: EMBEDDINGS, messages: 'zebra' }, respond: { status: 400, message: 'bad input' } }]);
    const docs = [
      { id: 'x', text: bad },
      { id: 'y', text: good },
      { id: 'z', text: bad },
    ];
    const out = await within(embedAll(docs, { maxBatchSize: 1 }));
    const error = { code: 'request_failed', status: 400, attempts: 1 };
    expect(byId(out, 'x')).toEqual({ id: 'x', error });
    expect(byId(out, 'z')).toEqual({ id: 'z', error });
    expectVectorOf(byId(out, 'y'), good);
    expect(out.stats).toEqual({ embedded: 1, reused: 0, failed: 2, requests: 2 });
    expect(sent('zebra')).toHaveLength(1);
  }, { weight: 2 });
});
