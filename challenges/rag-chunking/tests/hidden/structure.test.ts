import { describe, test, expect } from '@judge/test';
import { type Chunk, chunk, mulberry32, sliceAt, units } from '../helpers/chunking';

// ---- deterministic test data -------------------------------------------------------------

const PLAIN_WORDS = ['the', 'model', 'retrieves', 'chunks', 'of', 'context,', 'e.g.', '42', 'API', 'vector-store', '"quoted"', 'end.'];
const RICH_WORDS = [
  ...PLAIN_WORDS,
  '\u{1F980}', 'caf\u00e9', 'cafe\u0301', '\u6771\u4eac\u90fd', '\u5927\u962a\u3002', '\u{1F469}\u200D\u{1F4BB}',
  '\u{1F1EB}\u{1F1F7}', 'x\u{1D4B3}y', '\u2764\uFE0F', '\u0645\u0631\u062D\u0628\u0627', 'zero\u200Bwidth',
];
const RICH_SEPARATORS = [' ', ' ', ' ', '  ', '\t', '\n', '\r\n', '\n\n', '\u00a0', '\u3000', '\u2009', ' \r\n\t', '\u202f'];

/** Random document: `n` words separated by single spaces, or by mixed whitespace and with Unicode words. */
function makeDoc(rand: () => number, n: number, rich: boolean): string {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const words = rich ? RICH_WORDS : PLAIN_WORDS;
  const parts: string[] = [];
  if (rich && rand() < 0.5) parts.push(pick(RICH_SEPARATORS));
  for (let i = 0; i < n; i++) {
    if (i > 0) parts.push(rich ? pick(RICH_SEPARATORS) : ' ');
    parts.push(pick(words));
  }
  if (rich && rand() < 0.5) parts.push(pick(RICH_SEPARATORS));
  return parts.join('');
}

type Case = { text: string; maxWords: number; overlap: number };

function makeCases(seed: number, count: number, rich: boolean): Case[] {
  const rand = mulberry32(seed);
  const cases: Case[] = [];
  for (let i = 0; i < count; i++) {
    const maxWords = 1 + Math.floor(rand() * 8);
    const overlap = Math.floor(rand() * maxWords);
    const n = 1 + Math.floor(rand() * 40);
    cases.push({ text: makeDoc(rand, n, rich), maxWords, overlap });
  }
  // Make sure the exact-fit situations are present: n = maxWords + k * step.
  for (const [maxWords, overlap, k] of [[3, 1, 2], [4, 3, 5], [5, 2, 3], [2, 1, 7], [6, 0, 2]]) {
    const n = maxWords + k * (maxWords - overlap);
    cases.push({ text: makeDoc(rand, n, rich), maxWords, overlap });
  }
  return cases;
}

// ---- independent model of the specification -----------------------------------------------

const WS = /\s/;

/** Word spans in the judged language's offsets (UTF-16 code units, or code points for Python). */
function wordSpans(text: string): Array<[number, number]> {
  const chars = units(text);
  const spans: Array<[number, number]> = [];
  let i = 0;
  while (i < chars.length) {
    while (i < chars.length && WS.test(chars[i])) i++;
    if (i >= chars.length) break;
    const s = i;
    while (i < chars.length && !WS.test(chars[i])) i++;
    spans.push([s, i]);
  }
  return spans;
}

function model(text: string, maxWords: number, overlap: number): Chunk[] {
  const spans = wordSpans(text);
  const n = spans.length;
  const out: Chunk[] = [];
  if (n === 0) return out;
  for (let first = 0; ; first += maxWords - overlap) {
    const last = Math.min(first + maxWords, n) - 1;
    const start = spans[first][0];
    const end = spans[last][1];
    out.push({ text: sliceAt(text, start, end), start, end });
    if (last === n - 1) return out;
  }
}

/** Maps each chunk to the [first, last] word indexes it covers (by offsets), failing if it is not word-aligned. */
function wordRanges(text: string, chunks: Chunk[]): Array<[number, number]> {
  const spans = wordSpans(text);
  const byStart = new Map(spans.map(([s], i) => [s, i]));
  const byEnd = new Map(spans.map(([, e], i) => [e, i]));
  return chunks.map((c) => {
    const first = byStart.get(c.start);
    const last = byEnd.get(c.end);
    if (first === undefined || last === undefined || last < first) {
      throw new Error(`chunk ${JSON.stringify(c)} does not start and end on word boundaries`);
    }
    return [first, last];
  });
}

describe('structure', () => {
  test('consecutive chunks share exactly overlap words', async () => {
    for (const { text, maxWords, overlap } of makeCases(101, 60, false)) {
      const ranges = wordRanges(text, await chunk(text, { maxWords, overlap }));
      for (let i = 1; i < ranges.length; i++) {
        const shared = ranges[i - 1][1] - ranges[i][0] + 1;
        expect({ text, maxWords, overlap, chunk: i, shared }).toEqual({ text, maxWords, overlap, chunk: i, shared: overlap });
      }
    }
  }, { weight: 3 });

  test('chunks are greedy: every chunk except the last has maxWords words', async () => {
    for (const { text, maxWords, overlap } of makeCases(202, 60, false)) {
      const ranges = wordRanges(text, await chunk(text, { maxWords, overlap }));
      ranges.forEach(([a, b], i) => {
        const size = b - a + 1;
        expect(size).toBeLessThanOrEqual(maxWords);
        if (i < ranges.length - 1) expect({ text, maxWords, overlap, chunk: i, size }).toEqual({ text, maxWords, overlap, chunk: i, size: maxWords });
      });
    }
  }, { weight: 2 });

  test('chunks cover every word in order', async () => {
    for (const { text, maxWords, overlap } of makeCases(303, 60, false)) {
      const n = wordSpans(text).length;
      const ranges = wordRanges(text, await chunk(text, { maxWords, overlap }));
      expect(ranges.length).toBeGreaterThan(0);
      expect(ranges[0][0]).toBe(0);
      expect(ranges[ranges.length - 1][1]).toBe(n - 1);
      for (let i = 1; i < ranges.length; i++) {
        expect(ranges[i][0]).toBeGreaterThan(ranges[i - 1][0]);
        expect(ranges[i][0]).toBeLessThanOrEqual(ranges[i - 1][1] + 1); // no gap
      }
    }
  }, { weight: 2 });

  test('no chunk is made only of words already in the previous chunk', async () => {
    for (const { text, maxWords, overlap } of makeCases(404, 60, false)) {
      const ranges = wordRanges(text, await chunk(text, { maxWords, overlap }));
      for (let i = 1; i < ranges.length; i++) {
        expect({ text, maxWords, overlap, chunk: i, addsNewWord: ranges[i][1] > ranges[i - 1][1] }).toEqual({
          text, maxWords, overlap, chunk: i, addsNewWord: true,
        });
      }
    }
  }, { weight: 2 });

  test('every chunk is the exact slice of the original text', async () => {
    for (const { text, maxWords, overlap } of makeCases(505, 60, true)) {
      const chunks = await chunk(text, { maxWords, overlap });
      expect(chunks.length).toBeGreaterThan(0);
      for (const c of chunks) {
        expect(Object.keys(c).sort()).toEqual(['end', 'start', 'text']);
        expect({ start: c.start, end: c.end, text: sliceAt(text, c.start, c.end) }).toEqual(c);
      }
      wordRanges(text, chunks); // throws if a chunk is not aligned on words
    }
  }, { weight: 2 });

  test('matches the specification on random Unicode documents', async () => {
    for (const { text, maxWords, overlap } of makeCases(606, 80, true)) {
      expect({ maxWords, overlap, chunks: await chunk(text, { maxWords, overlap }) }).toEqual({
        maxWords, overlap, chunks: model(text, maxWords, overlap),
      });
    }
  }, { weight: 3 });

  test('repeated and interleaved calls give identical results', async () => {
    const [a, b] = makeCases(707, 2, true);
    const optsA = { maxWords: a.maxWords, overlap: a.overlap };
    const optsB = { maxWords: b.maxWords, overlap: b.overlap };
    const first = await chunk(a.text, optsA);
    await chunk(b.text, optsB);
    // Whatever the solution does with invalid options, it must not leak state into later calls.
    try {
      await chunk(a.text, { maxWords: 2, overlap: 2 });
    } catch {
      // ignored: validation is tested elsewhere
    }
    await chunk('', { maxWords: 3, overlap: 1 });
    await chunk(b.text.slice(0, 7), { maxWords: 1, overlap: 0 });
    const second = await chunk(a.text, optsA);
    expect(second).toEqual(first);
    const [x, y] = await Promise.all([chunk(b.text, optsB), chunk(b.text, optsB)]);
    expect(x).toEqual(y);
    expect(await chunk(b.text, optsB)).toEqual(x);
  }, { weight: 1 });
});
