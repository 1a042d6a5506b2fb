import type { FinalSubmission } from '../assessments/assessment-schema';

/** What the choice of a candidate's final submission looks at (one row per submission, no files). */
export interface SubmissionSummary {
  id: string;
  inviteId: string;
  slug: string;
  status: string;
  score: number | null;
  createdAt: Date;
}

/**
 * The submission that stands for an invite's solution of a challenge, by the assessment's `finalSubmission` rule:
 * `last`, its latest finished one (whatever the verdict); `best`, the highest score, ties the later one (as
 * `listFinalSubmissions` chooses for the comparison). None while nothing has finished. `rows` are one invite's
 * submissions to one challenge.
 */
export function finalSubmission<T extends SubmissionSummary>(rows: readonly T[], rule: FinalSubmission = 'last'): T | undefined {
  let final: T | undefined;
  const later = (a: T, b: T) => a.createdAt.getTime() > b.createdAt.getTime();
  for (const row of rows) {
    if (row.status !== 'finished') continue;
    if (!final) final = row;
    else if (rule === 'best' && (row.score ?? 0) !== (final.score ?? 0)) final = (row.score ?? 0) > (final.score ?? 0) ? row : final;
    else if (later(row, final)) final = row;
  }
  return final;
}

/** Each invite's final submission of each challenge: slug → the chosen rows (by `finalSubmission`). */
export function finalSubmissionsByChallenge<T extends SubmissionSummary>(rows: readonly T[], rule: FinalSubmission = 'last'): Map<string, T[]> {
  const groups = new Map<string, Map<string, T[]>>();
  for (const row of rows) {
    const byInvite = groups.get(row.slug) ?? groups.set(row.slug, new Map()).get(row.slug)!;
    byInvite.set(row.inviteId, [...(byInvite.get(row.inviteId) ?? []), row]);
  }
  const chosen = new Map<string, T[]>();
  for (const [slug, byInvite] of groups) {
    chosen.set(slug, [...byInvite.values()].map((own) => finalSubmission(own, rule)).filter((r): r is T => r !== undefined));
  }
  return chosen;
}
