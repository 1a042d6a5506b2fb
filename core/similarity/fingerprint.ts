import { tokenizeFile, tokenizerOf, type Token } from './tokenize';

/**
 * Winnowing (Schleimer, Wilkerson, Aiken 2003, as MOSS does it): hash every k-gram of normalised tokens, and keep the
 * minimum hash of each window of `W` consecutive k-grams. Any run of at least `W + K - 1` equal tokens (22 here:
 * two or three lines of code) shares a fingerprint; runs shorter than `K` tokens never do.
 */
export const K = 12;
export const W = 6;

/** One selected k-gram: its hash and where it came from (file, the index of its first token, its lines). */
export interface Fingerprint {
  hash: number;
  file: string;
  index: number;
  startLine: number;
  endLine: number;
}

/** A solution's fingerprints after those of the challenge's own files were dropped; `hashes` sorted, distinct. */
export interface Document {
  family: 'js' | 'py' | null;
  fingerprints: Fingerprint[];
  hashes: Uint32Array;
}

const kindIds = new Map<string, number>();

/** FNV-1a of a token kind (cached: there are a few hundred kinds). */
function kindId(kind: string): number {
  let id = kindIds.get(kind);
  if (id === undefined) {
    let h = 0x811c9dc5;
    for (let i = 0; i < kind.length; i += 1) h = Math.imul(h ^ kind.charCodeAt(i), 0x01000193);
    id = h >>> 0;
    kindIds.set(kind, id);
  }
  return id;
}

/** The hash of every k-gram of `tokens`, in order (none when there are fewer than K tokens). */
export function kgramHashes(tokens: readonly Token[], k = K): number[] {
  const ids = tokens.map((t) => kindId(t.kind));
  const hashes: number[] = [];
  for (let start = 0; start + k <= ids.length; start += 1) {
    let h = 0x811c9dc5;
    for (let i = start; i < start + k; i += 1) h = Math.imul(h ^ ids[i]!, 0x01000193);
    // murmur3's finaliser: the low bits of FNV alone make poor minima
    h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
    hashes.push(h >>> 0);
  }
  return hashes;
}

/**
 * Robust winnowing: in each window of `w` hashes the minimum (the rightmost on ties) is selected, and recorded
 * when it is not the one the previous window selected. Returns the selected k-gram indexes.
 */
export function winnow(hashes: readonly number[], w = W): number[] {
  if (hashes.length === 0) return [];
  if (hashes.length <= w) {
    let min = 0;
    for (let i = 1; i < hashes.length; i += 1) if (hashes[i]! <= hashes[min]!) min = i;
    return [min];
  }
  const selected: number[] = [];
  let min = -1;
  for (let end = w - 1; end < hashes.length; end += 1) {
    const start = end - w + 1;
    if (min < start) {
      min = start;
      for (let i = start + 1; i <= end; i += 1) if (hashes[i]! <= hashes[min]!) min = i;
      selected.push(min);
    } else if (hashes[end]! <= hashes[min]!) {
      min = end;
      selected.push(min);
    }
  }
  return selected;
}

/** The winnowed fingerprints of one file's tokens, each with its line range. */
export function fileFingerprints(file: string, tokens: readonly Token[], k = K, w = W): Fingerprint[] {
  const hashes = kgramHashes(tokens, k);
  return winnow(hashes, w).map((index) => ({
    hash: hashes[index]!, file, index, startLine: tokens[index]!.line, endLine: tokens[index + k - 1]!.line,
  }));
}

/**
 * Every k-gram hash (not only the winnowed ones) of files the candidates were given: the starter in every language
 * and the public tests. A solution's fingerprint found here is not the candidate's own work.
 */
export function givenHashes(files: Record<string, string>): Set<number> {
  const given = new Set<number>();
  for (const [path, text] of Object.entries(files)) {
    const tokens = tokenizeFile(path, text);
    if (tokens) for (const h of kgramHashes(tokens)) given.add(h);
  }
  return given;
}

/** A solution's document: the fingerprints of its code files (in path order) not in `given`. */
export function documentOf(files: Record<string, string>, given: ReadonlySet<number> = new Set()): Document {
  const fingerprints: Fingerprint[] = [];
  let family: Document['family'] = null;
  for (const path of Object.keys(files).sort()) {
    const tokens = tokenizeFile(path, files[path]!);
    if (!tokens) continue;
    family ??= tokenizerOf(path);
    for (const f of fileFingerprints(path, tokens)) if (!given.has(f.hash)) fingerprints.push(f);
  }
  const hashes = Uint32Array.from(new Set(fingerprints.map((f) => f.hash))).sort();
  return { family, fingerprints, hashes };
}
