import { describe, test, expect } from '@judge/test';
import { embedAll, allEmbeddingRequests } from '../helpers/batch';

const DOC = { id: 'v', text: 'hvvalid a valid document.' };

async function rejects(docs: unknown, options?: unknown) {
  await expect(embedAll(docs, options)).rejects.toMatchObject({ name: 'RangeError' });
}

describe('validation', () => {
  test('documents that are not a list of {id, text} strings are refused before any request', async () => {
    await rejects('not a list');
    await rejects([{ id: 'a' }]);
    await rejects([{ id: 1, text: 'hvvalid x' }]);
    await rejects([DOC, { id: 'b', text: null }]);
    await rejects([DOC, 'hvvalid just a string']);
    expect(allEmbeddingRequests()).toHaveLength(0);
  }, { weight: 2 });

  test('two documents with the same id are refused', async () => {
    await rejects([DOC, { id: 'v', text: 'hvvalid another text' }]);
    expect(allEmbeddingRequests()).toHaveLength(0);
  }, { weight: 2 });

  test('options out of range or not integers are refused', async () => {
    for (const options of [
      { maxBatchSize: 0 },
      { maxBatchSize: 2049 },
      { maxBatchSize: 2.5 },
      { maxBatchSize: '4' },
      { maxBatchSize: true },
      { maxBatchTokens: 0 },
      { concurrency: 0 },
      { concurrency: -1 },
      { maxAttempts: 0 },
      { timeoutMs: 0 },
    ]) {
      await rejects([DOC], options);
    }
    await rejects([DOC], { checkpoint: { entries: 'nope' } });
    await rejects([DOC], { checkpoint: { entries: [{ text: 5, vector: [] }] } });
    expect(allEmbeddingRequests()).toHaveLength(0);
  }, { weight: 2 });

  test('null options and a null checkpoint mean the defaults', async () => {
    const out = await embedAll([DOC], { maxBatchSize: null, concurrency: null, checkpoint: null });
    expect(out.stats).toEqual({ embedded: 1, reused: 0, failed: 0, requests: 1 });
    expect(allEmbeddingRequests()).toHaveLength(1);
  });
});
