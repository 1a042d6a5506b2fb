import { K, W, type Document, type Fingerprint } from './fingerprint';

/** How much of two documents' fingerprints they share. */
export interface PairScore {
  /** Distinct fingerprints in both. */
  shared: number;
  /** shared / the smaller document's distinct fingerprints: 1 when one is contained in the other. */
  score: number;
  /** shared / the distinct fingerprints of either. */
  jaccard: number;
  /** The smaller document's distinct fingerprints (a pair is flagged only above MIN_FINGERPRINTS). */
  smaller: number;
}

/** A line range of one file. */
export interface Span {
  file: string;
  startLine: number;
  endLine: number;
}

/** A matching passage: where it is in each solution, and how many fingerprints it holds. */
export interface Fragment {
  a: Span;
  b: Span;
  fingerprints: number;
}

/** The size of the intersection of two sorted arrays of distinct hashes (a merge: O(|a| + |b|)). */
export function sharedCount(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) { shared += 1; i += 1; j += 1; } else if (x < y) i += 1;
    else j += 1;
  }
  return shared;
}

/** The pair's score: shared fingerprints over the smaller set, and Jaccard. Sets, so order does not matter. */
export function scorePair(a: Document, b: Document): PairScore {
  const shared = sharedCount(a.hashes, b.hashes);
  const smaller = Math.min(a.hashes.length, b.hashes.length);
  const union = a.hashes.length + b.hashes.length - shared;
  return { shared, score: smaller === 0 ? 0 : shared / smaller, jaccard: union === 0 ? 0 : shared / union, smaller };
}

/** Matches of one hash in both documents taken at most (code repeated many times would multiply them). */
const OCCURRENCES_PER_HASH = 3;
/** Two matches whose k-grams start at most this many tokens apart in both files belong to one fragment. */
const GAP = K + W;
/** Fragments returned per pair at most, the largest. */
export const MAX_FRAGMENTS = 40;

interface Open {
  a: Fingerprint; aLast: Fingerprint; bFirst: Fingerprint; bLast: Fingerprint;
  aStart: number; aEnd: number; bStart: number; bEnd: number; count: number;
}

function byHash(doc: Document): Map<number, Fingerprint[]> {
  const map = new Map<number, Fingerprint[]>();
  for (const f of doc.fingerprints) {
    const list = map.get(f.hash);
    if (!list) map.set(f.hash, [f]);
    else if (list.length < OCCURRENCES_PER_HASH) list.push(f);
  }
  return map;
}

/**
 * The matching passages of a pair: every shared fingerprint's occurrences, paired up, then merged while they run on
 * together in both files (the next match starts within GAP tokens after the fragment in A and near its end in B).
 * Returned in A's file and line order, at most MAX_FRAGMENTS (the largest).
 */
export function fragments(a: Document, b: Document): Fragment[] {
  const inB = byHash(b);
  const matches: Array<[Fingerprint, Fingerprint]> = [];
  for (const [hash, inA] of byHash(a)) {
    const others = inB.get(hash);
    if (others) for (const fa of inA) for (const fb of others) matches.push([fa, fb]);
  }
  matches.sort(([a1, b1], [a2, b2]) => (a1.file < a2.file ? -1 : a1.file > a2.file ? 1 : 0) || a1.index - a2.index
    || (b1.file < b2.file ? -1 : b1.file > b2.file ? 1 : 0) || b1.index - b2.index);
  const done: Open[] = [];
  let open: Open[] = [];
  for (const [fa, fb] of matches) {
    open = open.filter((o) => {
      const alive = o.a.file === fa.file && fa.index - o.aEnd <= GAP;
      if (!alive) done.push(o);
      return alive;
    });
    const into = open.find((o) => o.bFirst.file === fb.file && fb.index >= o.bStart - GAP && fb.index - o.bEnd <= GAP
      && fb.index >= o.bLast.index - GAP);
    if (into) {
      into.count += 1;
      if (fa.index >= into.aEnd) { into.aEnd = fa.index; into.aLast = fa; }
      if (fb.index > into.bEnd) { into.bEnd = fb.index; into.bLast = fb; }
      if (fb.index < into.bStart) { into.bStart = fb.index; into.bFirst = fb; }
    } else {
      open.push({ a: fa, aLast: fa, bFirst: fb, bLast: fb, aStart: fa.index, aEnd: fa.index, bStart: fb.index, bEnd: fb.index, count: 1 });
    }
  }
  done.push(...open);
  const merged = done.map((o): Fragment => ({
    a: { file: o.a.file, startLine: o.a.startLine, endLine: Math.max(o.a.endLine, o.aLast.endLine) },
    b: { file: o.bFirst.file, startLine: o.bFirst.startLine, endLine: Math.max(o.bFirst.endLine, o.bLast.endLine) },
    fingerprints: o.count,
  }));
  return dropContained(merged).sort((x, y) => y.fingerprints - x.fingerprints).slice(0, MAX_FRAGMENTS)
    .sort((x, y) => (x.a.file < y.a.file ? -1 : x.a.file > y.a.file ? 1 : 0) || x.a.startLine - y.a.startLine || x.b.startLine - y.b.startLine);
}

const within = (inner: Span, outer: Span) => inner.file === outer.file && inner.startLine >= outer.startLine && inner.endLine <= outer.endLine;

/** Fragments of at most this many fingerprints are dropped when one side lies inside a larger fragment. */
const ECHO_FINGERPRINTS = 2;

/**
 * Fragments lying inside a larger one on both sides add nothing; nor does a short one lying inside a larger one on
 * either side: that is the same few lines matched again elsewhere (a common idiom repeated in the other file).
 */
function dropContained(list: Fragment[]): Fragment[] {
  const bySize = [...list].sort((x, y) => y.fingerprints - x.fingerprints);
  const kept: Fragment[] = [];
  for (const f of bySize) {
    const echo = (k: Fragment) => (within(f.a, k.a) && within(f.b, k.b))
      || (f.fingerprints <= ECHO_FINGERPRINTS && k.fingerprints > f.fingerprints && (within(f.a, k.a) || within(f.b, k.b)));
    if (!kept.some(echo)) kept.push(f);
  }
  return kept;
}
