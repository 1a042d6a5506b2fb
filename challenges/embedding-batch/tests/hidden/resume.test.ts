import { describe, test, expect, llm } from '@judge/test';
import {
  embedAll, sent, makeDocs, expectVectorOf, within, byId, checkpointTexts, allEmbeddingRequests, EMBEDDINGS,
} from '../helpers/batch';

describe('resume', () => {
  test('a second run with the checkpoint embeds only what failed; nothing is embedded twice', async () => {
    const docs = makeDocs('hvresume', 12);
    // The batch holding note 5 fails for good in the first run.
    llm.script([{ match: { path: EMBEDDINGS, messages: 'note 5 ' }, respond: { status: 503, retryAfterMs: 10 } }]);
    const first = await within(embedAll(docs, { maxBatchSize: 3, maxAttempts: 2 }));
    const failedIds = first.results.filter((r) => r.error).map((r) => r.id);
    expect(failedIds).toEqual(['d3', 'd4', 'd5']);
    expect(first.stats).toEqual({ embedded: 9, reused: 0, failed: 3, requests: 5 });
    expect(checkpointTexts(first.checkpoint)).toEqual(docs.filter((d) => !failedIds.includes(d.id)).map((d) => d.text).sort());

    llm.script([]);
    const before = sent('hvresume').length;
    const second = await within(embedAll(docs, { maxBatchSize: 3, maxAttempts: 2, checkpoint: first.checkpoint }));
    const resent = sent('hvresume').slice(before);
    expect(resent.map((r) => r.inputs)).toEqual([[docs[3].text, docs[4].text, docs[5].text]]);
    expect(second.stats).toEqual({ embedded: 3, reused: 9, failed: 0, requests: 1 });
    docs.forEach((d, i) => expectVectorOf(second.results[i], d.text));
    expect(checkpointTexts(second.checkpoint)).toEqual(docs.map((d) => d.text).sort());

    // Across both runs, every text was in exactly one successful request.
    const okInputs = sent('hvresume').filter((r) => r.status === 200).flatMap((r) => r.inputs);
    expect(okInputs.sort()).toEqual(docs.map((d) => d.text).sort());
  }, { weight: 4 });

  test('a run with a complete checkpoint sends no request at all', async () => {
    const docs = makeDocs('hvcomplete', 7);
    const first = await within(embedAll(docs, { maxBatchSize: 4 }));
    const count = allEmbeddingRequests().length;
    const second = await within(embedAll(docs, { maxBatchSize: 4, checkpoint: first.checkpoint }));
    expect(allEmbeddingRequests().length).toBe(count);
    expect(second.stats).toEqual({ embedded: 0, reused: 7, failed: 0, requests: 0 });
    docs.forEach((d, i) => expectVectorOf(second.results[i], d.text));
    expect(checkpointTexts(second.checkpoint)).toEqual(checkpointTexts(first.checkpoint));
  }, { weight: 3 });

  test('checkpoint vectors are used as given, matched by exact text', async () => {
    const fake = Array.from({ length: 64 }, (_, i) => (i === 0 ? 1 : 0));
    const docs = [
      { id: 'known', text: 'hvgiven a text embedded last night.' },
      { id: 'case', text: 'HVGIVEN A TEXT EMBEDDED LAST NIGHT.' },
      { id: 'new', text: 'hvgiven a text never seen.' },
    ];
    const checkpoint = { entries: [{ text: docs[0].text, vector: fake }] };
    const out = await within(embedAll(docs, { checkpoint }));
    expect(byId(out, 'known')).toEqual({ id: 'known', vector: fake });
    expectVectorOf(byId(out, 'case'), docs[1].text);
    expectVectorOf(byId(out, 'new'), docs[2].text);
    expect(allEmbeddingRequests().map((e) => (e.body as { input: string[] }).input)).toEqual([[docs[1].text, docs[2].text]]);
    expect(out.stats).toEqual({ embedded: 2, reused: 1, failed: 0, requests: 1 });
  }, { weight: 2 });

  test('the returned checkpoint keeps every given entry, unchanged, plus the new texts', async () => {
    const old = [
      { text: 'hvkeep an old text no document has now.', vector: Array.from({ length: 64 }, (_, i) => i / 64) },
      { text: 'hvkeep another old one.', vector: Array.from({ length: 64 }, () => 0.125) },
    ];
    const docs = [{ id: 'n', text: 'hvkeep a brand new text.' }];
    const out = await within(embedAll(docs, { checkpoint: { entries: old } }));
    const entries = [...out.checkpoint.entries].sort((a, b) => a.text.localeCompare(b.text));
    const want = [...old, { text: docs[0].text, vector: llm.embed(docs[0].text, 64) }].sort((a, b) => a.text.localeCompare(b.text));
    expect(entries.map((e) => e.text)).toEqual(want.map((e) => e.text));
    for (const e of old) expect(entries.find((x) => x.text === e.text)!.vector).toEqual(e.vector);
    expectVectorOf({ id: 'n', vector: entries.find((x) => x.text === docs[0].text)!.vector }, docs[0].text);
    expect(out.stats).toEqual({ embedded: 1, reused: 0, failed: 0, requests: 1 });
  }, { weight: 2 });

  test('calls are independent: without a checkpoint the same documents are embedded again', async () => {
    const docs = makeDocs('hvfresh', 3);
    const first = await within(embedAll(docs));
    const second = await within(embedAll(docs));
    expect(first.stats).toEqual({ embedded: 3, reused: 0, failed: 0, requests: 1 });
    expect(second.stats).toEqual({ embedded: 3, reused: 0, failed: 0, requests: 1 });
    expect(sent('hvfresh')).toHaveLength(2);
  }, { weight: 2 });

  test('three runs through a flaky server converge, each text embedded exactly once', async () => {
    const docs = makeDocs('hvconverge', 9);
    llm.script([
      { match: { path: EMBEDDINGS, messages: 'note 1 ' }, respond: { status: 500, retryAfterMs: 10 } },
      { match: { path: EMBEDDINGS, messages: 'note 7 ' }, respond: { status: 400 } },
    ]);
    const r1 = await within(embedAll(docs, { maxBatchSize: 2, maxAttempts: 2, concurrency: 3 }));
    expect(r1.stats.failed).toBe(4);
    llm.script([{ match: { path: EMBEDDINGS, messages: 'note 7 ' }, respond: { status: 400 } }]);
    const r2 = await within(embedAll(docs, { maxBatchSize: 2, maxAttempts: 2, concurrency: 3, checkpoint: r1.checkpoint }));
    expect(r2.stats).toEqual({ embedded: 2, reused: 5, failed: 2, requests: 2 });
    llm.script([]);
    const r3 = await within(embedAll(docs, { maxBatchSize: 2, maxAttempts: 2, concurrency: 3, checkpoint: r2.checkpoint }));
    expect(r3.stats).toEqual({ embedded: 2, reused: 7, failed: 0, requests: 1 });
    docs.forEach((d, i) => expectVectorOf(r3.results[i], d.text));
    const okInputs = sent('hvconverge').filter((r) => r.status === 200).flatMap((r) => r.inputs);
    expect(okInputs.sort()).toEqual(docs.map((d) => d.text).sort());
  }, { weight: 3 });
});
