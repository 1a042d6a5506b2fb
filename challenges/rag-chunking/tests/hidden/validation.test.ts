import { describe, test, expect } from '@judge/test';
import { type ChunkOptions, chunk } from '../helpers/chunking';

const TEXT = 'alpha beta gamma delta epsilon';

async function expectRangeError(text: string, options: ChunkOptions): Promise<void> {
  await expect(chunk(text, options)).rejects.toMatchObject({ name: 'RangeError' });
}

describe('validation', () => {
  test('maxWords 0 or negative throws a RangeError', async () => {
    await expectRangeError(TEXT, { maxWords: 0, overlap: 0 });
    await expectRangeError(TEXT, { maxWords: -3, overlap: 0 });
  }, { weight: 1 });

  test('negative overlap throws a RangeError', async () => {
    await expectRangeError(TEXT, { maxWords: 3, overlap: -1 });
  }, { weight: 1 });

  test('overlap not smaller than maxWords throws a RangeError', async () => {
    await expectRangeError(TEXT, { maxWords: 2, overlap: 5 });
    await expectRangeError(TEXT, { maxWords: 1, overlap: 1 });
  }, { weight: 1 });

  test('non-integer maxWords or overlap throws a RangeError', async () => {
    await expectRangeError(TEXT, { maxWords: 2.5, overlap: 1 });
    await expectRangeError(TEXT, { maxWords: 4, overlap: 0.5 });
  }, { weight: 2 });

  test('NaN or Infinity options throw a RangeError', async () => {
    await expectRangeError(TEXT, { maxWords: Infinity, overlap: 1 });
    await expectRangeError(TEXT, { maxWords: 4, overlap: -Infinity });
    await expectRangeError(TEXT, { maxWords: NaN, overlap: 0 });
    await expectRangeError(TEXT, { maxWords: 4, overlap: NaN });
  }, { weight: 1 });

  test('non-number options throw a RangeError', async () => {
    await expectRangeError(TEXT, { maxWords: '4' as unknown as number, overlap: 1 });
    await expectRangeError(TEXT, { maxWords: 4, overlap: null as unknown as number });
    await expectRangeError(TEXT, { maxWords: 4, overlap: true as unknown as number });
  }, { weight: 1 });

  test('invalid options throw even for empty or whitespace-only text', async () => {
    await expectRangeError('', { maxWords: 0, overlap: 0 });
    await expectRangeError('', { maxWords: 3, overlap: 3 });
    await expectRangeError(' \n ', { maxWords: 2.5, overlap: 0 });
  }, { weight: 1 });

  test('boundary options are accepted', async () => {
    expect(await chunk('a b c', { maxWords: 1, overlap: 0 })).toEqual([
      { text: 'a', start: 0, end: 1 },
      { text: 'b', start: 2, end: 3 },
      { text: 'c', start: 4, end: 5 },
    ]);
    expect(await chunk('a b c d e f', { maxWords: 5, overlap: 4 })).toEqual([
      { text: 'a b c d e', start: 0, end: 9 },
      { text: 'b c d e f', start: 2, end: 11 },
    ]);
    expect(await chunk(TEXT, { maxWords: 1_000_000_000, overlap: 0 })).toEqual([{ text: TEXT, start: 0, end: 30 }]);
  }, { weight: 2 });
});
