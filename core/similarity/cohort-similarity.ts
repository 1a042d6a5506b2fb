import { documentOf, type Document } from './fingerprint';
import { fragments, scorePair, type Fragment } from './compare';

/** One candidate's final solution of a challenge. */
export interface CohortSolution {
  inviteId: string;
  name: string;
  submissionId: string;
  files: Record<string, string>;
}

export interface SimilarPair {
  a: { inviteId: string; name: string; submissionId: string };
  b: { inviteId: string; name: string; submissionId: string };
  score: number;
  jaccard: number;
  /** At or above the threshold (and both solutions large enough): for a human to look at; never a verdict. */
  flagged: boolean;
  fragments: Fragment[];
}

/**
 * A pair is flagged only when the smaller solution has at least this many fingerprints of its own (after the
 * starter's): two near-empty solutions sharing their one line are not worth a reviewer's time.
 */
export const MIN_FINGERPRINTS = 8;
/** Pairs returned per challenge: every flagged pair, then the highest others up to this many in all. */
export const MAX_PAIRS = 50;
/** Flagged pairs returned at most (a cohort that mostly copied one source would otherwise answer megabytes). */
export const MAX_FLAGGED = 500;

const rounded = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Every pair of a challenge's final solutions, scored by shared fingerprints (those of the starter and public tests
 * in `given` dropped); pairs in different tokenizer families (TypeScript/JavaScript against Python) are not compared.
 * O(n²) merges of sorted fingerprint sets; fragments are computed only for the pairs returned.
 */
export function compareCohort(solutions: readonly CohortSolution[], given: ReadonlySet<number>, threshold: number, maxPairs = MAX_PAIRS):
  { pairsCompared: number; flaggedPairs: number; pairs: SimilarPair[] } {
  const docs: Document[] = solutions.map((s) => documentOf(s.files, given));
  const scored: Array<{ i: number; j: number; score: number; jaccard: number; flagged: boolean }> = [];
  for (let i = 0; i < docs.length; i += 1) {
    for (let j = i + 1; j < docs.length; j += 1) {
      if (docs[i]!.family !== docs[j]!.family) continue;
      const s = scorePair(docs[i]!, docs[j]!);
      scored.push({ i, j, score: s.score, jaccard: s.jaccard, flagged: s.score >= threshold && s.smaller >= MIN_FINGERPRINTS });
    }
  }
  scored.sort((x, y) => Number(y.flagged) - Number(x.flagged) || y.score - x.score || y.jaccard - x.jaccard);
  const flagged = scored.filter((s) => s.flagged).length;
  const shown = scored.slice(0, Math.min(MAX_FLAGGED, Math.max(flagged, maxPairs))).filter((s) => s.score > 0);
  const who = ({ inviteId, name, submissionId }: CohortSolution) => ({ inviteId, name, submissionId });
  return {
    pairsCompared: scored.length,
    flaggedPairs: flagged,
    pairs: shown.map(({ i, j, score, jaccard, flagged: f }) => ({
      a: who(solutions[i]!), b: who(solutions[j]!), score: rounded(score), jaccard: rounded(jaccard), flagged: f,
      fragments: fragments(docs[i]!, docs[j]!),
    })),
  };
}

/** One pair on its own (the side-by-side page), with the same scoring and fragments as in the cohort. */
export function comparePair(a: CohortSolution, b: CohortSolution, given: ReadonlySet<number>, threshold: number): SimilarPair {
  const [da, db] = [documentOf(a.files, given), documentOf(b.files, given)];
  const s = da.family === db.family ? scorePair(da, db) : { score: 0, jaccard: 0, smaller: 0 };
  return {
    a: { inviteId: a.inviteId, name: a.name, submissionId: a.submissionId },
    b: { inviteId: b.inviteId, name: b.name, submissionId: b.submissionId },
    score: rounded(s.score), jaccard: rounded(s.jaccard), flagged: s.score >= threshold && s.smaller >= MIN_FINGERPRINTS,
    fragments: da.family === db.family ? fragments(da, db) : [],
  };
}
