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
 * The submission that stands for an invite's solution of a challenge: its latest finished one (whatever the
 * verdict), or none while nothing has finished. `rows` are one invite's submissions to one challenge.
 */
export function finalSubmission<T extends SubmissionSummary>(rows: readonly T[]): T | undefined {
  let final: T | undefined;
  for (const row of rows) {
    if (row.status === 'finished' && (!final || row.createdAt.getTime() > final.createdAt.getTime())) final = row;
  }
  return final;
}

/** Each invite's final submission of each challenge: slug → the chosen rows (by `finalSubmission`). */
export function finalSubmissionsByChallenge<T extends SubmissionSummary>(rows: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, Map<string, T[]>>();
  for (const row of rows) {
    const byInvite = groups.get(row.slug) ?? groups.set(row.slug, new Map()).get(row.slug)!;
    byInvite.set(row.inviteId, [...(byInvite.get(row.inviteId) ?? []), row]);
  }
  const chosen = new Map<string, T[]>();
  for (const [slug, byInvite] of groups) {
    chosen.set(slug, [...byInvite.values()].map((own) => finalSubmission(own)).filter((r): r is T => r !== undefined));
  }
  return chosen;
}
