import type { AssessmentRecord, PinnedChallenge } from '../assessments/assessment-repository';
import { getChallengeById } from '../challenges/challenge-repository';
import { AppError } from '../platform/app-error';
import type { Db } from '../platform/db';
import { compareCohort, comparePair, type CohortSolution, type SimilarPair } from './cohort-similarity';
import { givenHashes } from './fingerprint';
import { finalSubmissionsByChallenge } from './final-submission';
import { listSubmissionSummaries, loadSolutions } from './similarity-repository';

/** Said with every answer: the figures point a reviewer at code, they decide nothing. */
export const SIMILARITY_NOTE = 'For human review; not a verdict. A high score means two final solutions share much code once the starter and public tests are set aside; it never changes a score or a verdict.';

export interface ChallengeSimilarity {
  slug: string;
  version: number;
  title: string;
  threshold: number;
  /** Candidates with a final (finished) submission of this challenge. */
  candidates: number;
  pairsCompared: number;
  /** Pairs at or above the threshold, all of them (at most MAX_FLAGGED are in `pairs`). */
  flaggedPairs: number;
  pairs: SimilarPair[];
}

export interface AssessmentSimilarity {
  assessmentId: string;
  note: string;
  challenges: ChallengeSimilarity[];
}

/** The fingerprints candidates were handed (the pinned version's starter in every language and its public tests). */
async function givenOf(db: Db, challenge: PinnedChallenge): Promise<Set<number>> {
  const record = await getChallengeById(db, challenge.challengeId);
  const files: Record<string, string> = {};
  for (const [language, starter] of Object.entries(record?.package.starter ?? {})) {
    for (const [path, text] of Object.entries(starter ?? {})) files[`starter/${language}/${path}`] = text;
  }
  for (const [path, text] of Object.entries(record?.package.publicTests ?? {})) files[`tests/public/${path}`] = text;
  return givenHashes(files);
}

/**
 * Per challenge of the assessment, every pair of candidates' final solutions scored, the flagged ones and the
 * highest others with their matching fragments. Computed on request; the caller has checked who may read it.
 */
export async function assessmentSimilarity(db: Db, assessment: AssessmentRecord, threshold: number): Promise<AssessmentSimilarity> {
  const finals = finalSubmissionsByChallenge(await listSubmissionSummaries(db, assessment.id), assessment.finalSubmission);
  const challenges: ChallengeSimilarity[] = [];
  for (const challenge of assessment.challenges) {
    const chosen = finals.get(challenge.slug) ?? [];
    const loaded = await loadSolutions(db, assessment.id, chosen.map((s) => s.id));
    const solutions: CohortSolution[] = chosen.flatMap((s) => {
      const row = loaded.get(s.id);
      return row ? [{ inviteId: row.inviteId, name: row.name, submissionId: s.id, files: row.files }] : [];
    });
    const { pairsCompared, flaggedPairs, pairs } = solutions.length < 2 ? { pairsCompared: 0, flaggedPairs: 0, pairs: [] }
      : compareCohort(solutions, await givenOf(db, challenge), threshold);
    challenges.push({ slug: challenge.slug, version: challenge.version, title: challenge.title, threshold, candidates: solutions.length, pairsCompared, flaggedPairs, pairs });
  }
  return { assessmentId: assessment.id, note: SIMILARITY_NOTE, challenges };
}

/** Two submissions of one challenge of the assessment side by side: the pair scored, and both solutions' files. */
export async function pairSimilarity(db: Db, assessment: AssessmentRecord, slug: string, ids: [string, string], threshold: number):
  Promise<{ challenge: PinnedChallenge; pair: SimilarPair; files: [Record<string, string>, Record<string, string>] }> {
  const challenge = assessment.challenges.find((c) => c.slug === slug);
  if (!challenge) throw new AppError(404, 'challenge_not_in_assessment', `The assessment has no challenge "${slug}".`);
  const loaded = await loadSolutions(db, assessment.id, ids);
  const [a, b] = ids.map((id) => {
    const row = loaded.get(id);
    if (!row || row.slug !== slug) throw new AppError(404, 'submission_not_found', `No submission ${id} of "${slug}" in this assessment.`);
    return { inviteId: row.inviteId, name: row.name, submissionId: id, files: row.files };
  }) as [CohortSolution, CohortSolution];
  return { challenge, pair: comparePair(a, b, await givenOf(db, challenge), threshold), files: [a.files, b.files] };
}
