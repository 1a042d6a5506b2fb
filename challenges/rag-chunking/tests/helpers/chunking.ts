/** What the rag-chunking hidden test files share: the API's types, the candidate's `chunk`, offsets per language, a seeded generator for test data. */
import { language, solution } from '@judge/test';

export type ChunkOptions = { maxWords: number; overlap: number };
export type Chunk = { text: string; start: number; end: number };
export type Api = { chunk(text: string, options: ChunkOptions): Chunk[] };

export const { chunk } = solution<Api>();

// Offsets count UTF-16 code units in TypeScript and JavaScript, code points in Python (the statement's rule 2).
const inCodePoints = language === 'python';

/** The text's characters as the judged language indexes them: UTF-16 code units, or code points for Python. */
export function units(text: string): string[] {
  return inCodePoints ? Array.from(text) : text.split('');
}

/** `text[start:end]` in the judged language's offsets. */
export function sliceAt(text: string, start: number, end: number): string {
  return inCodePoints ? units(text).slice(start, end).join('') : text.slice(start, end);
}

/** Expected chunks written with UTF-16 offsets, converted to the judged language's offsets. */
export function inLanguage(text: string, chunks: Chunk[]): Chunk[] {
  const at = (offset: number): number => (inCodePoints ? Array.from(text.slice(0, offset)).length : offset);
  return chunks.map((c) => ({ text: c.text, start: at(c.start), end: at(c.end) }));
}

/** A seeded pseudo-random generator (mulberry32): the same seed gives the same test data in every run. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
