/** What every embedding-batch hidden test file shares: the candidate's `embedAll`, journal filters, oracles. */
import { expect, llm, solution } from '@judge/test';
import { encode } from 'gpt-tokenizer/cjs/encoding/cl100k_base';

export type Vector = number[];
export interface Doc {
  id: string;
  text: string;
}
export interface DocResult {
  id: string;
  vector?: Vector;
  error?: Record<string, unknown>;
}
export interface Checkpoint {
  entries: { text: string; vector: Vector }[];
}
export interface Stats {
  embedded: number;
  reused: number;
  failed: number;
  requests: number;
}
export interface EmbedResult {
  results: DocResult[];
  checkpoint: Checkpoint;
  stats: Stats;
}
export type Api = { embedAll(docs: unknown, options?: unknown): EmbedResult };
export const { embedAll } = solution<Api>();

export const EMBEDDINGS = '/v1/embeddings';
export const DIMS = 64;

/** cl100k_base tokens, special-token text counted as ordinary text (as the statement says). */
export const tokens = (text: string): number => encode(text, { disallowedSpecial: new Set() }).length;

export interface Sent {
  inputs: string[];
  status: number | null;
  start: number;
  end: number | null;
  body: Record<string, unknown>;
  fault: string | null;
}

/** This test's embeddings requests whose inputs hold a text containing `marker`, oldest first. */
export function sent(marker: string): Sent[] {
  return llm
    .journal()
    .filter((e) => e.path === EMBEDDINGS)
    .filter((e) => {
      const input = (e.body as { input?: unknown } | null)?.input;
      return Array.isArray(input) && input.some((t) => typeof t === 'string' && t.includes(marker));
    })
    .map((e) => {
      const start = Date.parse(e.time);
      return {
        inputs: (e.body as { input: string[] }).input,
        status: e.status,
        start,
        end: e.latencyMs === null ? null : start + e.latencyMs,
        body: e.body as Record<string, unknown>,
        fault: e.fault,
      };
    });
}

/** Every embeddings request of this test (whatever its inputs). */
export const allEmbeddingRequests = () => llm.journal().filter((e) => e.path === EMBEDDINGS);

/** Batches sorted by the position (in `docs`) of their first text: concurrent requests may arrive in any order. */
export function ordered(batches: string[][], docs: Doc[]): string[][] {
  const position = (t: string) => docs.findIndex((d) => d.text === t);
  return [...batches].sort((x, y) => position(x[0]) - position(y[0]));
}

/** `count` distinct documents, each text holding `marker` (ids `${prefix}0`, …). */
export function makeDocs(marker: string, count: number, prefix = 'd'): Doc[] {
  const words = ['amber', 'basalt', 'cedar', 'delta', 'ember', 'fjord', 'granite', 'harbor', 'indigo', 'juniper'];
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}${i}`,
    text: `${marker} note ${i} about ${words[i % words.length]} and ${words[(i * 7 + 3) % words.length]}.`,
  }));
}

/** A result's vector equals the mock's vector for `text` (float32 values, to 1e-6). */
export function expectVectorOf(result: DocResult | undefined, text: string): void {
  expect(result && Object.keys(result).sort()).toEqual(['id', 'vector']);
  expectVector(result!.vector, llm.embed(text, DIMS));
}

export function expectVector(got: unknown, want: Vector): void {
  expect(Array.isArray(got)).toBe(true);
  const v = got as Vector;
  expect(v.length).toBe(want.length);
  const worst = Math.max(0, ...v.map((x, i) => Math.abs(x - want[i])));
  expect(worst).toBeLessThan(1e-6);
}

/** Resolves with the promise's value, or rejects once `ms` have passed (a hang fails the test, never times it out). */
export async function within<T>(promise: Promise<T>, ms = 4000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`embedAll did not resolve within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The most requests in flight together, from the journal: request j counts at the start of request i when it started
 * no later and was still open `slackMs` later (a request answered and the next one sent in the same instant do not
 * count as overlapping, whatever the timer resolution and the server's bookkeeping lag).
 */
export function maxOverlap(reqs: { start: number; end: number | null }[], slackMs = 20): number {
  let max = 0;
  for (const r of reqs) {
    const open = reqs.filter((o) => o.start <= r.start && (o.end ?? Infinity) - slackMs > r.start).length;
    max = Math.max(max, open);
  }
  return max;
}

/** Result by id. */
export const byId = (out: EmbedResult, id: string) => out.results.find((r) => r.id === id);

/** The sorted texts of a checkpoint. */
export const checkpointTexts = (cp: Checkpoint) => cp.entries.map((e) => e.text).sort();

/** The statement's greedy packing, as an oracle: batches of at most `n` texts and `t` tokens, in order. */
export function pack(texts: string[], n: number, t: number, count: (s: string) => number = tokens): string[][] {
  const batches: string[][] = [];
  let current: string[] = [];
  let sum = 0;
  for (const text of texts) {
    const k = count(text);
    if (current.length > 0 && (current.length + 1 > n || sum + k > t)) {
      batches.push(current);
      current = [];
      sum = 0;
    }
    current.push(text);
    sum += k;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
