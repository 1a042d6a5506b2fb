import { describe, test, expect } from '@judge/test';
import { type Chunk, chunk, mulberry32 } from '../helpers/chunking';

// Tens of thousands of chunks cross back to the tests (as JSON from Python); linear solutions need about a second on a
// loaded 1-CPU sandbox, a quadratic one far more.
const LARGE_TIMEOUT_MS = 4000;

const VOCAB = ['retrieval', 'augmented', 'generation', 'splits', 'documents', 'into', 'chunks', 'with', 'overlap', 'a', 'of', 'the', 'embedding', 'vector', 'index', 'query', 'rank', 'top-k', 'context.', '2024'];

/** A document of `n` words with their offsets (words separated by one space, a newline every ~12 words). */
function makeDoc(seed: number, n: number): { text: string; starts: number[]; ends: number[] } {
  const rand = mulberry32(seed);
  const parts: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let pos = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      const sep = rand() < 0.08 ? '\n' : ' ';
      parts.push(sep);
      pos += sep.length;
    }
    const w = VOCAB[Math.floor(rand() * VOCAB.length)];
    parts.push(w);
    starts.push(pos);
    pos += w.length;
    ends.push(pos);
  }
  return { text: parts.join(''), starts, ends };
}

function check(doc: { text: string; starts: number[]; ends: number[] }, maxWords: number, overlap: number, got: Chunk[]): void {
  const n = doc.starts.length;
  const step = maxWords - overlap;
  const expectedCount = n <= maxWords ? 1 : Math.ceil((n - maxWords) / step) + 1;
  expect(got.length).toBe(expectedCount);
  for (let k = 0; k < got.length; k++) {
    const first = k * step;
    const last = Math.min(first + maxWords, n) - 1;
    const c = got[k];
    const start = doc.starts[first];
    const end = doc.ends[last];
    if (c.start !== start || c.end !== end || c.text !== doc.text.slice(start, end)) {
      expect({ k, chunk: c }).toEqual({ k, chunk: { text: doc.text.slice(start, end), start, end } });
    }
  }
}

describe('performance', () => {
  test('100k words with maxWords 8 and overlap 2 is fast and exact', async () => {
    const doc = makeDoc(2024, 100_000);
    check(doc, 8, 2, await chunk(doc.text, { maxWords: 8, overlap: 2 }));
  }, { weight: 3, timeoutMs: LARGE_TIMEOUT_MS });

  test('60k words with overlap maxWords - 1 (one chunk per word) is fast and exact', async () => {
    const doc = makeDoc(7, 60_000);
    check(doc, 4, 3, await chunk(doc.text, { maxWords: 4, overlap: 3 }));
  }, { weight: 2, timeoutMs: LARGE_TIMEOUT_MS });
});
