/** What the rag-chunking hidden test files share: the API's types, the candidate's `chunk`, a seeded generator for test data. */
import { solution } from '@judge/test';

export type ChunkOptions = { maxWords: number; overlap: number };
export type Chunk = { text: string; start: number; end: number };
export type Api = { chunk(text: string, options: ChunkOptions): Chunk[] };

export const { chunk } = solution<Api>();

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
