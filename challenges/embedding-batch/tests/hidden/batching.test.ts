import { describe, test, expect } from '@judge/test';
import { embedAll, sent, ordered, makeDocs, expectVectorOf, within, byId, pack, tokens, allEmbeddingRequests } from '../helpers/batch';

describe('batching', () => {
  test('at most maxBatchSize inputs per request, consecutive documents in order', async () => {
    const docs = makeDocs('hvcount', 10);
    const out = await within(embedAll(docs, { maxBatchSize: 4 }));
    const texts = docs.map((d) => d.text);
    expect(ordered(sent('hvcount').map((s) => s.inputs), docs)).toEqual([texts.slice(0, 4), texts.slice(4, 8), texts.slice(8)]);
    expect(out.stats).toEqual({ embedded: 10, reused: 0, failed: 0, requests: 3 });
    docs.forEach((d, i) => expectVectorOf(out.results[i], d.text));
  }, { weight: 2 });

  test('the defaults: 16 inputs per request', async () => {
    const docs = makeDocs('hvdefault', 40);
    const out = await within(embedAll(docs));
    const sizes = ordered(sent('hvdefault').map((s) => s.inputs), docs).map((b) => b.length);
    expect(sizes).toEqual([16, 16, 8]);
    expect(out.stats).toEqual({ embedded: 40, reused: 0, failed: 0, requests: 3 });
  });

  test('the token limit closes a batch; a batch may hold exactly maxBatchTokens tokens', async () => {
    const docs = makeDocs('hvtokens', 9);
    const counts = docs.map((d) => tokens(d.text));
    // T = the first three documents exactly: they fill batch 1 to the limit.
    const t = counts[0] + counts[1] + counts[2];
    const want = pack(docs.map((d) => d.text), 16, t);
    expect(want[0]).toHaveLength(3);
    const out = await within(embedAll(docs, { maxBatchTokens: t, maxBatchSize: 16 }));
    expect(ordered(sent('hvtokens').map((s) => s.inputs), docs)).toEqual(want);
    expect(out.stats.requests).toBe(want.length);
    for (const batch of sent('hvtokens')) {
      expect(batch.inputs.reduce((n, s) => n + tokens(s), 0)).toBeLessThanOrEqual(t);
    }
  }, { weight: 2 });

  test('greedy and in order: a later short text never fills an earlier batch', async () => {
    const long = 'hvgreedy a long paragraph about the quarterly shipping schedule of the northern warehouse and its trucks.';
    const docs = [
      { id: 's1', text: 'hvgreedy short one.' },
      { id: 'l1', text: long },
      { id: 's2', text: 'hvgreedy short two.' },
      { id: 's3', text: 'hvgreedy short three.' },
    ];
    const t = tokens(long) + 2;
    expect(tokens(docs[0].text) + tokens(long)).toBeGreaterThan(t);
    expect(tokens(docs[0].text) + tokens(docs[2].text)).toBeLessThanOrEqual(t);
    const out = await within(embedAll(docs, { maxBatchTokens: t, maxBatchSize: 8, concurrency: 1 }));
    expect(ordered(sent('hvgreedy').map((s) => s.inputs), docs)).toEqual(pack(docs.map((d) => d.text), 8, t));
    expect(out.stats).toEqual({ embedded: 4, reused: 0, failed: 0, requests: 3 });
  }, { weight: 2 });

  test('the request body: model, 64 dimensions, input always an array of strings', async () => {
    const docs = [{ id: 'only', text: 'hvbody the one and only document.' }];
    const out = await within(embedAll(docs));
    const [req] = sent('hvbody');
    expect(sent('hvbody')).toHaveLength(1);
    expect(req.body.model).toBe('text-embedding-3-small');
    expect(req.body.dimensions).toBe(64);
    expect(req.body.input).toEqual([docs[0].text]);
    expect(Object.keys(req.body).filter((k) => !['model', 'input', 'dimensions', 'encoding_format'].includes(k))).toEqual([]);
    expectVectorOf(byId(out, 'only'), docs[0].text);
  });

  test('texts are sent exactly as given: spaces, newlines, tabs, case and Unicode forms kept', async () => {
    const docs = [
      { id: 'spaces', text: '  hvexact  padded text  ' },
      { id: 'newlines', text: 'hvexact line one\nline two\r\n\tindented' },
      { id: 'lower', text: 'hvexact office file' },
      { id: 'upper', text: 'HVEXACT OFFICE FILE' },
      { id: 'ligature', text: 'hvexact oﬃce ﬁle' },
      { id: 'blank', text: '   ' },
    ];
    const out = await within(embedAll(docs, { maxBatchSize: 16 }));
    const inputs = allEmbeddingRequests().flatMap((e) => (e.body as { input: string[] }).input);
    expect(inputs).toEqual(docs.map((d) => d.text));
    expect(out.stats).toEqual({ embedded: 6, reused: 0, failed: 0, requests: 1 });
    for (const d of docs) expectVectorOf(byId(out, d.id), d.text);
  }, { weight: 2 });
});
