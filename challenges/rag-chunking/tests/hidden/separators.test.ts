import { describe, test, expect } from '@judge/test';
import { chunk } from '../helpers/chunking';

describe('separators', () => {
  test('newlines and CRLF separate words and are kept inside chunks', async () => {
    const text = 'line one\r\nline two\nline three\r\n\r\nlast';
    expect(await chunk(text, { maxWords: 3, overlap: 1 })).toEqual([
      { text: 'line one\r\nline', start: 0, end: 14 },
      { text: 'line two\nline', start: 10, end: 23 },
      { text: 'line three\r\n\r\nlast', start: 19, end: 37 },
    ]);
  }, { weight: 2 });

  test('tabs, vertical tabs and form feeds separate words', async () => {
    expect(await chunk('a\tb\t\tc\vd\fe', { maxWords: 2, overlap: 0 })).toEqual([
      { text: 'a\tb', start: 0, end: 3 },
      { text: 'c\vd', start: 5, end: 8 },
      { text: 'e', start: 9, end: 10 },
    ]);
  }, { weight: 1 });

  test('NBSP and other Unicode spaces separate words', async () => {
    const text =
      'price:\u00a0100\u00a0EUR\u2009incl.\u202fVAT\u3000ok\u2028next\u2029end\ufeffx\u1680y\u205fz';
    expect(await chunk(text, { maxWords: 4, overlap: 1 })).toEqual([
      { text: 'price:\u00a0100\u00a0EUR\u2009incl.', start: 0, end: 20 },
      { text: 'incl.\u202fVAT\u3000ok\u2028next', start: 15, end: 32 },
      { text: 'next\u2029end\ufeffx\u1680y', start: 28, end: 40 },
      { text: 'y\u205fz', start: 39, end: 42 },
    ]);
  }, { weight: 2 });

  test('runs of mixed whitespace count as one separator', async () => {
    const text = '\r\n\t alpha \u00a0\t\r\n beta\n\n\n\ngamma \t ';
    expect(await chunk(text, { maxWords: 2, overlap: 1 })).toEqual([
      { text: 'alpha \u00a0\t\r\n beta', start: 4, end: 19 },
      { text: 'beta\n\n\n\ngamma', start: 15, end: 28 },
    ]);
  }, { weight: 1 });
});
