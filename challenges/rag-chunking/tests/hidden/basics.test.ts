import { describe, test, expect } from '@judge/test';
import { type Chunk, chunk } from '../helpers/chunking';

/** Expected chunks for a text whose words are separated by single spaces, given [first, last] word ranges. */
function spaced(words: string[], ranges: Array<[number, number]>): Chunk[] {
  const starts: number[] = [];
  let pos = 0;
  for (const w of words) {
    starts.push(pos);
    pos += w.length + 1;
  }
  return ranges.map(([a, b]) => {
    const start = starts[a];
    const end = starts[b] + words[b].length;
    return { text: words.slice(a, b + 1).join(' '), start, end };
  });
}

describe('basics', () => {
  test('whitespace-only text gives no chunks', async () => {
    for (const text of [' ', '   ', '\t\n\r\n', '\u00a0\u3000\u2003', ' \ufeff\u2028\u2029\v\f ']) {
      expect(await chunk(text, { maxWords: 4, overlap: 1 })).toEqual([]);
    }
  }, { weight: 1 });

  test('a single word gives one chunk without the surrounding whitespace', async () => {
    expect(await chunk('  hello  ', { maxWords: 3, overlap: 1 })).toEqual([{ text: 'hello', start: 2, end: 7 }]);
    expect(await chunk('x', { maxWords: 1, overlap: 0 })).toEqual([{ text: 'x', start: 0, end: 1 }]);
  }, { weight: 1 });

  test('text shorter than the window gives one chunk', async () => {
    const text = ' retrieval augmented generation ';
    const expected = [{ text: 'retrieval augmented generation', start: 1, end: 31 }];
    expect(await chunk(text, { maxWords: 1000, overlap: 999 })).toEqual(expected);
    expect(await chunk(text, { maxWords: 5, overlap: 2 })).toEqual(expected);
  }, { weight: 1 });

  test('text of exactly maxWords words gives one chunk', async () => {
    expect(await chunk('one two three four', { maxWords: 4, overlap: 2 })).toEqual([
      { text: 'one two three four', start: 0, end: 18 },
    ]);
  }, { weight: 2 });

  test('exact multiples of the window with overlap 0', async () => {
    const six = ['a1', 'b2', 'c3', 'd4', 'e5', 'f6'];
    expect(await chunk(six.join(' '), { maxWords: 3, overlap: 0 })).toEqual(spaced(six, [[0, 2], [3, 5]]));
    const nine = ['w0', 'w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7', 'w8'];
    expect(await chunk(nine.join(' '), { maxWords: 3, overlap: 0 })).toEqual(spaced(nine, [[0, 2], [3, 5], [6, 8]]));
  }, { weight: 2 });

  test('windows that end exactly on the last word produce no extra chunk', async () => {
    const seven = ['s0', 's1', 's2', 's3', 's4', 's5', 's6'];
    expect(await chunk(seven.join(' '), { maxWords: 3, overlap: 1 })).toEqual(spaced(seven, [[0, 2], [2, 4], [4, 6]]));
    const ten = ['t0', 't1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9'];
    expect(await chunk(ten.join(' '), { maxWords: 4, overlap: 2 })).toEqual(
      spaced(ten, [[0, 3], [2, 5], [4, 7], [6, 9]]),
    );
  }, { weight: 3 });

  test('the last chunk may be shorter than maxWords', async () => {
    const nine = ['n0', 'n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7', 'n8'];
    expect(await chunk(nine.join(' '), { maxWords: 5, overlap: 2 })).toEqual(spaced(nine, [[0, 4], [3, 7], [6, 8]]));
  }, { weight: 2 });

  test('overlap 0 gives disjoint consecutive chunks', async () => {
    const seven = ['o0', 'o1', 'o2', 'o3', 'o4', 'o5', 'o6'];
    expect(await chunk(seven.join(' '), { maxWords: 3, overlap: 0 })).toEqual(
      spaced(seven, [[0, 2], [3, 5], [6, 6]]),
    );
  }, { weight: 1 });

  test('maxWords 1 gives one chunk per word', async () => {
    expect(await chunk('x  y\tz', { maxWords: 1, overlap: 0 })).toEqual([
      { text: 'x', start: 0, end: 1 },
      { text: 'y', start: 3, end: 4 },
      { text: 'z', start: 5, end: 6 },
    ]);
  }, { weight: 1 });
});
