import type { Db } from '../platform/db';
import type { SubmissionSummary } from './final-submission';

/**
 * Every candidate submission of an assessment (practice runs are not submissions), without files, with its invite's
 * name; in invite order, so a pair's `a` is always the earlier invite.
 */
export async function listSubmissionSummaries(db: Db, assessmentId: string): Promise<Array<SubmissionSummary & { name: string }>> {
  const { rows } = await db.query<SubmissionSummary & { name: string }>(
    `SELECT s.id, s.invite_id AS "inviteId", i.name, c.slug, s.status, s.score::float8 AS score, s.created_at AS "createdAt"
     FROM submissions s JOIN invites i ON i.id = s.invite_id JOIN challenges c ON c.id = s.challenge_id
     WHERE i.assessment_id = $1 AND s.purpose = 'submission' ORDER BY i.created_at, i.id, s.created_at`, [assessmentId]);
  return rows;
}

/** The files of the given submissions of an assessment's candidates (others are not returned), with invite and slug. */
export async function loadSolutions(db: Db, assessmentId: string, ids: readonly string[]):
  Promise<Map<string, { inviteId: string; name: string; slug: string; files: Record<string, string> }>> {
  const { rows } = await db.query<{ id: string; inviteId: string; name: string; slug: string; files: Record<string, string> }>(
    `SELECT s.id, s.invite_id AS "inviteId", i.name, c.slug, s.files
     FROM submissions s JOIN invites i ON i.id = s.invite_id JOIN challenges c ON c.id = s.challenge_id
     WHERE s.id = ANY($1::uuid[]) AND i.assessment_id = $2 AND s.purpose = 'submission'`, [ids, assessmentId]);
  return new Map(rows.map(({ id, ...rest }) => [id, rest]));
}
