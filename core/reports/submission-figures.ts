import type { AssessmentSubmissionRow } from '../assessments/assessment-repository';
import type { Db } from '../platform/db';
import { getQuality } from '../quality/quality-repository';
import { getSubmission } from '../submissions/submission-repository';
import type { QualityAnalysisV1 } from '../../sandbox/quality/types';

/** The figures the grader list and the cohort chart compare: score, LLM cost, calls and tokens. */
export interface SubmissionFigures {
  id: string;
  inviteId: string;
  challenge: string;
  score: number | null;
  maxScore: number | null;
  costUsd: number | null;
  tokensPerCall: number | null;
  /** Tokens of all the run's LLM requests: what the cost follows (tokens per request would favour many small requests). */
  totalTokens: number | null;
  calls: number | null;
  /** Lint errors + type errors + secrets + LLM-call risks; null until the analysis is stored. */
  qualityIssues: number | null;
}

/** The one number the list sorts quality by: the findings a reviewer would block a merge on. */
export function qualityIssues(h: QualityAnalysisV1['headline']): number {
  return h.lintErrors + h.typeErrors + h.secrets + h.llmCallRisks;
}

/** How many submissions' results a list or a chart reads (newest first); the page says when it stops there. */
export const COHORT_CAP = 300;

/**
 * Reads each finished submission's LLM usage summary and quality headline (one row at a time, at most `cap`): the one
 * place the grader list, the cohort charts and the candidates' comparison take these figures from.
 */
export async function loadFigures(db: Db, rows: AssessmentSubmissionRow[], cap = COHORT_CAP): Promise<Map<string, SubmissionFigures>> {
  const figures = new Map<string, SubmissionFigures>();
  for (const row of rows.slice(0, cap)) {
    const finished = row.status === 'finished';
    const usage = finished ? (await getSubmission(db, row.id))?.result?.llmUsage : undefined;
    const quality = finished ? (await getQuality(db, row.id))?.analysis : undefined;
    figures.set(row.id, {
      id: row.id, inviteId: row.inviteId, challenge: row.challenge.slug, score: row.score, maxScore: row.maxScore,
      costUsd: usage ? usage.costUsd : null,
      tokensPerCall: usage && usage.calls > 0 ? usage.totalTokens / usage.calls : null,
      totalTokens: usage ? usage.totalTokens : null,
      calls: usage ? usage.calls : null,
      qualityIssues: quality ? qualityIssues(quality.headline) : null,
    });
  }
  return figures;
}
