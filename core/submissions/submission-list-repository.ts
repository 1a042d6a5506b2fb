import type { Db } from '../platform/db';
import { afterCursor, type PageCursor, type PagedRow } from '../platform/page-query';

/** One candidate submission in a list (the detail is `GET /v1/submissions/:id`). */
export interface SubmissionListItem {
  id: string;
  assessmentId: string;
  inviteId: string;
  externalId: string | null;
  challenge: { slug: string; version: number };
  language: string;
  status: string;
  verdict: string | null;
  score: number | null;
  maxScore: number | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** What a list of submissions may be narrowed to; `createdBy` limits it to an author's assessments. */
export interface SubmissionFilter {
  inviteId?: string; assessmentId?: string; externalId?: string; challenge?: string; language?: string;
  status?: string; verdict?: string; createdAfter?: Date; createdBefore?: Date; createdBy?: string | null;
}

/** Each filter as a condition on (s: submissions, i: invites, a: assessments, c: challenges). */
const CONDITIONS: Record<Exclude<keyof SubmissionFilter, 'createdBy'>, string> = {
  inviteId: 's.invite_id = $?::uuid', assessmentId: 'i.assessment_id = $?::uuid', externalId: 'i.external_id = $?',
  challenge: 'c.slug = $?', language: 's.language = $?', status: 's.status = $?', verdict: 's.verdict = $?',
  createdAfter: 's.created_at > $?', createdBefore: 's.created_at < $?',
};

/** One page of candidate submissions (never gate, rejudge or practice runs), newest first. */
export async function listSubmissions(db: Db, filter: SubmissionFilter, page: { limit: number; cursor?: PageCursor }): Promise<Array<PagedRow<SubmissionListItem>>> {
  const where: string[] = [];
  const params: unknown[] = [];
  for (const [key, condition] of Object.entries(CONDITIONS) as Array<[keyof typeof CONDITIONS, string]>) {
    if (filter[key] === undefined) continue;
    params.push(filter[key]);
    where.push(condition.replace('$?', `$${params.length}`));
  }
  if (filter.createdBy !== undefined) {
    params.push(filter.createdBy);
    where.push(`a.created_by IS NOT DISTINCT FROM $${params.length}::uuid`);
  }
  const after = afterCursor(page.cursor, { at: 's.created_at', id: 's.id' }, 'desc', params.length + 1);
  params.push(...after.params, page.limit + 1);
  const { rows } = await db.query<PagedRow<SubmissionListItem>>(
    `SELECT s.id, i.assessment_id AS "assessmentId", s.invite_id AS "inviteId", i.external_id AS "externalId",
       json_build_object('slug', c.slug, 'version', c.version) AS challenge, s.language, s.status, s.verdict,
       s.score::float8 AS score, s.max_score::float8 AS "maxScore", s.created_at AS "createdAt", s.finished_at AS "finishedAt",
       s.created_at::text AS "pageAt"
     FROM submissions s JOIN invites i ON i.id = s.invite_id JOIN assessments a ON a.id = i.assessment_id
     JOIN challenges c ON c.id = s.challenge_id
     WHERE s.purpose = 'submission'${where.map((w) => ` AND ${w}`).join('')}${after.sql}
     ORDER BY s.created_at DESC, s.id DESC LIMIT $${params.length}`, params);
  return rows;
}
