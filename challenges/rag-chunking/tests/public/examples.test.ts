import { describe, test, expect, solution } from '@judge/test';

type ChunkOptions = { maxWords: number; overlap: number };
type Chunk = { text: string; start: number; end: number };
type Api = { chunk(text: string, options: ChunkOptions): Chunk[] };

const { chunk } = solution<Api>();

describe('examples', () => {
  test('nine words with maxWords 4 and overlap 1', async () => {
    expect(await chunk('the quick brown fox jumps over the lazy dog', { maxWords: 4, overlap: 1 })).toEqual([
      { text: 'the quick brown fox', start: 0, end: 19 },
      { text: 'fox jumps over the', start: 16, end: 34 },
      { text: 'the lazy dog', start: 31, end: 43 },
    ]);
  });

  test('whitespace inside a chunk is kept, outer whitespace is not', async () => {
    const text = '  Refunds:\tclick "Orders",\r\nthen  "Return item".  ';
    expect(await chunk(text, { maxWords: 3, overlap: 1 })).toEqual([
      { text: 'Refunds:\tclick "Orders",', start: 2, end: 26 },
      { text: '"Orders",\r\nthen  "Return', start: 17, end: 41 },
      { text: '"Return item".', start: 34, end: 48 },
    ]);
  });

  test('the last chunk always adds a new word', async () => {
    expect(await chunk('a b c d e', { maxWords: 3, overlap: 1 })).toEqual([
      { text: 'a b c', start: 0, end: 5 },
      { text: 'c d e', start: 4, end: 9 },
    ]);
  });

  test('empty text gives no chunks', async () => {
    expect(await chunk('', { maxWords: 5, overlap: 1 })).toEqual([]);
  });

  test('overlap equal to maxWords throws a RangeError', async () => {
    await expect(chunk('a b c', { maxWords: 3, overlap: 3 })).rejects.toMatchObject({ name: 'RangeError' });
  });
});
