/**
 * @module embed
 * Deterministic embeddings: signed feature hashing of word unigrams and bigrams.
 *
 * - words: NFKC, lowercase, runs of letters/marks/digits (see text.ts);
 * - features: every word and every adjacent pair "w1 w2";
 * - hash: h = 32-bit FNV-1a over the UTF-8 bytes, offset basis XOR a fixed seed;
 * - each feature goes to PROBES (4) buckets: probe i uses x = fmix32(h + i * 0x9e3779b9) (murmur3
 *   finaliser), bucket x mod dims, sign -1 when fmix32(x ^ 0x5bd1e995) is odd else +1; signed buckets
 *   make collisions cancel on average, and several probes keep one collision from weighing as much
 *   as a shared word;
 * - weight: (1 + ln tf) / sqrt(PROBES) per probe; the vector is L2-normalised;
 * - text with no words gives the zero vector.
 */
import { words } from './text';

/**
 * Dimensions when the request does not set `dimensions` (as text-embedding-3-small; 3072 for
 * text-embedding-3-large). Collision noise between unrelated texts has a standard deviation of about
 * 1/sqrt(dims) in cosine, so fewer dimensions make retrieval noisier.
 */
export const DEFAULT_DIMENSIONS = 1536;
const LARGE_DIMENSIONS = 3072;
/** Largest accepted `dimensions`. */
export const MAX_DIMENSIONS = 4096;
/** Fixed seed mixed into the FNV-1a offset basis. */
export const HASH_SEED = 0x5eed1e55;

/** Default dimensions for a model name. */
export function defaultDimensionsFor(model: string): number {
  return model.startsWith('text-embedding-3-large') ? LARGE_DIMENSIONS : DEFAULT_DIMENSIONS;
}

/** Buckets per feature. */
export const PROBES = 4;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const encoder = new TextEncoder();

/** 32-bit FNV-1a with the fixed seed. */
export function fnv1a(text: string): number {
  let h = (FNV_OFFSET ^ HASH_SEED) >>> 0;
  for (const byte of encoder.encode(text)) {
    h ^= byte;
    h = Math.imul(h, FNV_PRIME) >>> 0;
  }
  return h >>> 0;
}

function mix(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b) >>> 0;
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35) >>> 0;
  x ^= x >>> 16;
  return x >>> 0;
}

/** Unigram and bigram feature counts of a text. */
export function features(text: string): Map<string, number> {
  const ws = words(text);
  const counts = new Map<string, number>();
  const add = (f: string): void => {
    counts.set(f, (counts.get(f) ?? 0) + 1);
  };
  ws.forEach((w, i) => {
    add(w);
    if (i > 0) add(`${ws[i - 1]} ${w}`);
  });
  return counts;
}

/** The embedding of a text, as float32 values. */
export function embedText(text: string, dims: number = DEFAULT_DIMENSIONS): Float32Array {
  const acc = new Float64Array(dims);
  for (const [feature, tf] of features(text)) {
    const h = fnv1a(feature);
    const weight = (1 + Math.log(tf)) / Math.sqrt(PROBES);
    for (let i = 0; i < PROBES; i++) {
      const x = mix((h + Math.imul(i, 0x9e3779b9)) >>> 0);
      acc[x % dims] += mix((x ^ 0x5bd1e995) >>> 0) & 1 ? -weight : weight;
    }
  }
  let norm = 0;
  for (const v of acc) norm += v * v;
  norm = Math.sqrt(norm);
  const out = new Float32Array(dims);
  if (norm > 0) for (let i = 0; i < dims; i++) out[i] = acc[i] / norm;
  return out;
}

/** Little-endian float32 bytes, base64-encoded (what `encoding_format: "base64"` returns). */
export function toBase64(vector: Float32Array): string {
  const buf = Buffer.alloc(vector.length * 4);
  vector.forEach((v, i) => buf.writeFloatLE(v, i * 4));
  return buf.toString('base64');
}

/** Cosine similarity of two vectors (0 when either is zero). */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
