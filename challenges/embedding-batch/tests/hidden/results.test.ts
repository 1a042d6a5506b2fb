import { describe, test, expect, llm } from '@judge/test';
import { embedAll, sent, makeDocs, expectVectorOf, within, byId, allEmbeddingRequests, EMBEDDINGS } from '../helpers/batch';

describe('results', () => {
  test('one result per document in input order, with exactly the stated keys', async () => {
    llm.script([{ match: { path: EMBEDDINGS, messages: 'otter' }, respond: { status: 503, retryAfterMs: 10 } }]);
    const docs = [
      { id: 'z-last', text: 'hvorder otter first.' },
      { id: 'a-first', text: 'hvorder plain second.' },
      { id: 'm', text: '' },
      { id: '0', text: 'hvorder plain second.' },
      { id: 'long', text: `hvorder ${'word '.repeat(60)}` },
    ];
    const out = await within(embedAll(docs, { maxBatchSize: 1, maxBatchTokens: 40, maxAttempts: 2 }));
    expect(out.results.map((r) => r.id)).toEqual(docs.map((d) => d.id));
    expect(out.results[0]).toEqual({ id: 'z-last', error: { code: 'request_failed', status: 503, attempts: 2 } });
    expectVectorOf(out.results[1], docs[1].text);
    expect(out.results[2]).toEqual({ id: 'm', error: { code: 'empty_text' } });
    expectVectorOf(out.results[3], docs[3].text);
    expect(out.results[4]).toMatchObject({ id: 'long', error: { code: 'too_many_tokens' } });
    expect(Object.keys(out).sort()).toEqual(['checkpoint', 'results', 'stats']);
    expect(out.stats).toEqual({ embedded: 1, reused: 1, failed: 3, requests: 3 });
  }, { weight: 2 });

  test('no documents: no results, zero stats, no request', async () => {
    const out = await within(embedAll([]));
    expect(out.results).toEqual([]);
    expect(out.stats).toEqual({ embedded: 0, reused: 0, failed: 0, requests: 0 });
    expect(out.checkpoint.entries).toEqual([]);
    expect(allEmbeddingRequests()).toHaveLength(0);
  });

  test('a text of spaces is not empty: it is embedded (the zero vector)', async () => {
    const docs = [{ id: 'sp', text: '   ' }, { id: 'w', text: 'hvspace words here.' }];
    const out = await within(embedAll(docs));
    expectVectorOf(byId(out, 'sp'), '   ');
    expect(allEmbeddingRequests().flatMap((e) => (e.body as { input: string[] }).input)).toEqual(['   ', docs[1].text]);
    expect(out.stats).toEqual({ embedded: 2, reused: 0, failed: 0, requests: 1 });
  });

  test('stats add up over a larger mixed run', async () => {
    const base = makeDocs('hvmix', 20);
    const docs = [
      ...base,
      ...base.slice(0, 5).map((d, i) => ({ id: `dup${i}`, text: d.text })),
      { id: 'empty', text: '' },
    ];
    llm.script([{ match: { path: EMBEDDINGS, messages: 'note 19 ' }, respond: { status: 500, retryAfterMs: 10 } }]);
    const out = await within(embedAll(docs, { maxBatchSize: 5, concurrency: 2, maxAttempts: 2 }));
    expect(out.stats).toEqual({ embedded: 15, reused: 5, failed: 6, requests: 5 });
    expect(sent('hvmix')).toHaveLength(5);
    expect(out.checkpoint.entries).toHaveLength(15);
  }, { weight: 2 });
});
