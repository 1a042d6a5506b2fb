import { afterCursor, type PageCursor, type PagedRow } from '../platform/page-query';
import { Db, inTransaction, queryOne } from '../platform/db';
import type { Language } from '../../sandbox/harness/protocol';
import type { FinalSubmission } from './assessment-schema';

/** A challenge as an assessment pinned it: the exact version candidates are judged against. */
export interface PinnedChallenge {
  slug: string;
  version: number;
  title: string;
  challengeId: number;
}

export interface AssessmentRecord {
  id: string;
  name: string;
  /** The token that created it (its author); null when the bootstrap admin token did. */
  createdBy: string | null;
  opensAt: Date | null;
  closesAt: Date | null;
  durationMinutes: number | null;
  callbackUrl: string | null;
  webhookSecret: string | null;
  /** The languages candidates may submit in; null: every language each challenge offers. */
  languages: Language[] | null;
  /** Which finished submission of a candidate to a challenge counts: the latest, or the highest score (ties: the later). */
  finalSubmission: FinalSubmission;
  createdAt: Date;
  challenges: PinnedChallenge[];
}

/** The pinned challenges of assessment `a` as a JSON array of `PinnedChallenge`, in their order. */
export const PINNED_CHALLENGES_SQL = `(SELECT coalesce(json_agg(json_build_object('slug', ac.slug, 'version', c.version, 'title', c.title,
     'challengeId', c.id) ORDER BY ac.position), '[]')
   FROM assessment_challenges ac JOIN challenges c ON c.id = ac.challenge_id WHERE ac.assessment_id = a.id)`;

const COLUMNS = `a.id, a.name, a.created_by AS "createdBy", a.opens_at AS "opensAt", a.closes_at AS "closesAt",
  a.duration_minutes AS "durationMinutes", a.callback_url AS "callbackUrl", a.webhook_secret AS "webhookSecret",
  a.languages, a.final_submission AS "finalSubmission", a.created_at AS "createdAt", ${PINNED_CHALLENGES_SQL} AS challenges`;

/** Stores an assessment and pins the given challenge versions, in one transaction. */
export async function insertAssessment(db: Db, input: {
  name: string; createdBy: string | null; opensAt: Date | null; closesAt: Date | null; durationMinutes: number | null;
  callbackUrl: string | null; webhookSecret: string | null; languages?: Language[] | null; finalSubmission?: FinalSubmission;
  challenges: Array<{ slug: string; challengeId: number }>;
}): Promise<AssessmentRecord> {
  const id = await inTransaction(db, async (client) => {
    const row = await queryOne<{ id: string }>(client,
      `INSERT INTO assessments (name, created_by, opens_at, closes_at, duration_minutes, callback_url, webhook_secret, languages, final_submission)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [input.name, input.createdBy, input.opensAt, input.closesAt, input.durationMinutes, input.callbackUrl, input.webhookSecret, input.languages ?? null,
        input.finalSubmission ?? 'last']);
    for (const [position, c] of input.challenges.entries()) {
      await client.query('INSERT INTO assessment_challenges (assessment_id, slug, challenge_id, position) VALUES ($1, $2, $3, $4)',
        [row!.id, c.slug, c.challengeId, position]);
    }
    return row!.id;
  });
  return (await getAssessment(db, id))!;
}

/** One assessment with its pinned challenges. */
export function getAssessment(db: Db, id: string): Promise<AssessmentRecord | undefined> {
  return queryOne<AssessmentRecord>(db, `SELECT ${COLUMNS} FROM assessments a WHERE a.id = $1`, [id]);
}

/** Assessments, newest first; only those created by `createdBy` when it is given (an author's own). */
export async function listAssessments(db: Db, createdBy?: string | null, page: { limit: number; cursor?: PageCursor } = { limit: 1000 }): Promise<Array<PagedRow<AssessmentRecord>>> {
  const params: unknown[] = createdBy === undefined ? [] : [createdBy];
  const after = afterCursor(page.cursor, { at: 'a.created_at', id: 'a.id' }, 'desc', params.length + 1);
  params.push(...after.params, page.limit + 1);
  const { rows } = await db.query<PagedRow<AssessmentRecord>>(
    `SELECT ${COLUMNS}, a.created_at::text AS "pageAt" FROM assessments a
     WHERE ${createdBy === undefined ? 'true' : 'a.created_by = $1'}${after.sql} ORDER BY a.created_at DESC, a.id DESC LIMIT $${params.length}`, params);
  return rows;
}

/** One row of an assessment's submission list (the detail is `GET /v1/submissions/:id`). */
export interface AssessmentSubmissionRow {
  id: string;
  inviteId: string;
  challenge: { slug: string; version: number };
  language: string;
  status: string;
  verdict: string | null;
  score: number | null;
  maxScore: number | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** The submissions of every invite of an assessment, newest first (practice runs are not submissions). */
export async function listAssessmentSubmissions(db: Db, assessmentId: string): Promise<AssessmentSubmissionRow[]> {
  const { rows } = await db.query<AssessmentSubmissionRow>(
    `SELECT s.id, s.invite_id AS "inviteId", json_build_object('slug', c.slug, 'version', c.version) AS challenge,
       s.language, s.status, s.verdict, s.score::float8 AS score, s.max_score::float8 AS "maxScore",
       s.created_at AS "createdAt", s.finished_at AS "finishedAt"
     FROM submissions s JOIN invites i ON i.id = s.invite_id JOIN challenges c ON c.id = s.challenge_id
     WHERE i.assessment_id = $1 AND s.purpose = 'submission' ORDER BY s.created_at DESC LIMIT 5000`, [assessmentId]);
  return rows;
}

/**
 * The final finished submission of every invite of an assessment to each pinned challenge: the latest (`last`), or the
 * highest score with ties going to the later one (`best`). Practice runs are not submissions.
 */
export async function listFinalSubmissions(db: Db, assessmentId: string, rule: FinalSubmission): Promise<AssessmentSubmissionRow[]> {
  const { rows } = await db.query<AssessmentSubmissionRow>(
    `SELECT DISTINCT ON (s.invite_id, ac.slug) s.id, s.invite_id AS "inviteId", json_build_object('slug', ac.slug, 'version', c.version) AS challenge,
       s.language, s.status, s.verdict, s.score::float8 AS score, s.max_score::float8 AS "maxScore",
       s.created_at AS "createdAt", s.finished_at AS "finishedAt"
     FROM submissions s JOIN invites i ON i.id = s.invite_id
       JOIN assessment_challenges ac ON ac.assessment_id = i.assessment_id AND ac.challenge_id = s.challenge_id
       JOIN challenges c ON c.id = s.challenge_id
     WHERE i.assessment_id = $1 AND s.purpose = 'submission' AND s.status = 'finished'
     ORDER BY s.invite_id, ac.slug, CASE WHEN $2::text = 'best' THEN coalesce(s.score, 0) END DESC NULLS LAST, s.created_at DESC, s.id DESC`,
    [assessmentId, rule]);
  return rows;
}

/** The most a submission to each pinned challenge can score: its test plan's weights, in the assessment's order. */
export async function pinnedMaxScores(db: Db, assessmentId: string): Promise<Map<string, number>> {
  const { rows } = await db.query<{ slug: string; maxScore: number }>(
    `SELECT ac.slug, (SELECT coalesce(sum((t->>'weight')::numeric), 0) FROM jsonb_array_elements(c.test_plan) t)::float8 AS "maxScore"
     FROM assessment_challenges ac JOIN challenges c ON c.id = ac.challenge_id WHERE ac.assessment_id = $1 ORDER BY ac.position`, [assessmentId]);
  return new Map(rows.map((r) => [r.slug, r.maxScore]));
}

/** Who a submission belongs to: its invite and that invite's assessment and author (all null for staff submissions). */
export async function getSubmissionScope(db: Db, submissionId: string): Promise<{ inviteId: string | null; assessmentId: string | null; createdBy: string | null } | undefined> {
  return queryOne(db,
    `SELECT s.invite_id AS "inviteId", i.assessment_id AS "assessmentId", a.created_by AS "createdBy"
     FROM submissions s LEFT JOIN invites i ON i.id = s.invite_id LEFT JOIN assessments a ON a.id = i.assessment_id
     WHERE s.id = $1`, [submissionId]);
}

/** The columns `PATCH /v1/assessments/:id` may set (already merged and checked by the caller). */
export interface AssessmentChanges {
  name: string; opensAt: Date | null; closesAt: Date | null; durationMinutes: number | null;
  callbackUrl: string | null; webhookSecret: string | null; languages: Language[] | null; finalSubmission: FinalSubmission;
  /** When given, the pins are replaced (in this order). */
  challenges?: Array<{ slug: string; challengeId: number }>;
}

/** Updates an assessment and, when asked, replaces its pinned challenges, in one transaction. */
export async function updateAssessment(db: Db, id: string, changes: AssessmentChanges): Promise<AssessmentRecord> {
  await inTransaction(db, async (client) => {
    await client.query(
      `UPDATE assessments SET name = $2, opens_at = $3, closes_at = $4, duration_minutes = $5, callback_url = $6, webhook_secret = $7,
         languages = $8, final_submission = $9, close_noticed_at = CASE WHEN $4::timestamptz IS NULL OR $4::timestamptz > now() THEN NULL ELSE close_noticed_at END
       WHERE id = $1`,
      [id, changes.name, changes.opensAt, changes.closesAt, changes.durationMinutes, changes.callbackUrl, changes.webhookSecret, changes.languages,
        changes.finalSubmission]);
    if (!changes.challenges) return;
    await client.query('DELETE FROM assessment_challenges WHERE assessment_id = $1', [id]);
    for (const [position, c] of changes.challenges.entries()) {
      await client.query('INSERT INTO assessment_challenges (assessment_id, slug, challenge_id, position) VALUES ($1, $2, $3, $4)',
        [id, c.slug, c.challengeId, position]);
    }
  });
  return (await getAssessment(db, id))!;
}

/**
 * Closes an assessment now: `closes_at` becomes now (an earlier close is kept). An assessment that had not opened yet
 * opens and closes at once (the window must stay ordered).
 */
export async function closeAssessmentNow(db: Db, id: string): Promise<AssessmentRecord> {
  await db.query(
    `UPDATE assessments SET closes_at = least(coalesce(closes_at, now()), now()),
       opens_at = CASE WHEN opens_at >= least(coalesce(closes_at, now()), now()) THEN least(coalesce(closes_at, now()), now()) - interval '1 millisecond' ELSE opens_at END
     WHERE id = $1`, [id]);
  return (await getAssessment(db, id))!;
}
