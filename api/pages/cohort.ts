import type { AssessmentSubmissionRow } from '../../lib/assessment-repository';
import type { Db } from '../../lib/db';
import { getSubmission } from '../../lib/submission-repository';

/** The figures the grader list and the cohort chart compare: score, LLM cost and tokens per request. */
export interface SubmissionFigures {
  id: string;
  inviteId: string;
  challenge: string;
  score: number | null;
  maxScore: number | null;
  costUsd: number | null;
  tokensPerCall: number | null;
  calls: number | null;
}

/** How many submissions' results a list or a chart reads (newest first); the page says when it stops there. */
export const COHORT_CAP = 300;

/** Reads each finished submission's LLM usage summary (one row at a time, at most `COHORT_CAP`). */
export async function loadFigures(db: Db, rows: AssessmentSubmissionRow[]): Promise<Map<string, SubmissionFigures>> {
  const figures = new Map<string, SubmissionFigures>();
  for (const row of rows.slice(0, COHORT_CAP)) {
    const usage = row.status === 'finished' ? (await getSubmission(db, row.id))?.result?.llmUsage : undefined;
    figures.set(row.id, {
      id: row.id, inviteId: row.inviteId, challenge: row.challenge.slug, score: row.score, maxScore: row.maxScore,
      costUsd: usage ? usage.costUsd : null,
      tokensPerCall: usage && usage.calls > 0 ? usage.totalTokens / usage.calls : null,
      calls: usage ? usage.calls : null,
    });
  }
  return figures;
}
