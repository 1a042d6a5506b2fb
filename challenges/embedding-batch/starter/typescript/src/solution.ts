// Available: fetch (global), openai 6, gpt-tokenizer 4, p-limit, p-retry, axios, zod. For example:
//   import OpenAI from 'openai';                                   // new OpenAI({ maxRetries: 0 })
//   import { encode } from 'gpt-tokenizer/encoding/cl100k_base';   // encode(text, { disallowedSpecial: new Set() })

export interface Doc {
  /** Unique within one call. */
  id: string;
  text: string;
}

export interface CheckpointEntry {
  /** The exact text that was embedded. */
  text: string;
  /** Its embedding (64 numbers). */
  vector: number[];
}

export interface Checkpoint {
  entries: CheckpointEntry[];
}

export interface EmbedOptions {
  /** N: at most this many inputs per request (default 16). */
  maxBatchSize?: number;
  /** T: at most this many cl100k_base tokens per request, summed over its inputs (default 8000). */
  maxBatchTokens?: number;
  /** C: at most this many requests in flight (default 4). */
  concurrency?: number;
  /** R: at most this many requests per batch, the first one included (default 3). */
  maxAttempts?: number;
  /** A request that has not completely answered after this many ms is abandoned (default 10000). */
  timeoutMs?: number;
  /** What an earlier run returned (absent or null: start from nothing). */
  checkpoint?: Checkpoint | null;
}

export type DocError =
  | { code: 'empty_text' }
  | { code: 'too_many_tokens'; tokens: number }
  | { code: 'request_failed'; status: number | null; attempts: number };

export type DocResult = { id: string; vector: number[] } | { id: string; error: DocError };

export interface EmbedResult {
  /** One per document, in the order of `docs`. */
  results: DocResult[];
  /** Pass it to the next run as `options.checkpoint`. */
  checkpoint: Checkpoint;
  stats: { embedded: number; reused: number; failed: number; requests: number };
}

export async function embedAll(docs: Doc[], options?: EmbedOptions): Promise<EmbedResult> {
  throw new Error('not implemented');
}
