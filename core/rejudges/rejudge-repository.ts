import type { Db } from '../platform/db';
import { inTransaction, queryOne } from '../platform/db';
import { insertJudgeRun } from '../submissions/submission-repository';

/** What a rejudge re-runs: the finished candidate submissions judged against a version, or of an assessment. */
export type RejudgeSource = { slug: string; version: number } | { assessmentId: string };

export interface RejudgeRecord {
  id: string;
  source: RejudgeSource;
  targetChallengeId: number;
  status: 'preview' | 'applied' | 'cancelled';
  skipped: Array<{ submissionId: string; reason: string }>;
  createdBy: string | null;
  createdAt: Date;
  decidedAt: Date | null;
}

/** One submission of a rejudge: its result before (as of the preview) and the rejudge row's result. */
export interface RejudgeItem {
  submissionId: string;
  inviteId: string;
  status: string;
  old: { challenge: { slug: string; version: number }; verdict: string; score: number; maxScore: number };
  new: { verdict: string | null; score: number | null; maxScore: number | null };
}

/** A candidate submission a rejudge may re-run. */
export interface RejudgeCandidate {
  id: string;
  language: string;
  files: Record<string, string>;
}

const COLUMNS = `id, source, target_challenge_id::int AS "targetChallengeId", status, skipped, created_by AS "createdBy",
  created_at AS "createdAt", decided_at AS "decidedAt"`;

/**
 * Finished candidate submissions whose current result was judged against `challengeId`, or those of an assessment
 * for `slug`; only assessments created by `ownedBy` when it is given (an author's own).
 */
export async function findRejudgeCandidates(db: Db, from: { challengeId: number } | { assessmentId: string; slug: string }, ownedBy?: string | null): Promise<RejudgeCandidate[]> {
  const byVersion = 'challengeId' in from;
  const { rows } = await db.query<RejudgeCandidate>(
    `SELECT s.id, s.language, s.files FROM submissions s
       JOIN invites i ON i.id = s.invite_id JOIN assessments a ON a.id = i.assessment_id
       JOIN challenges c ON c.id = coalesce(s.result_challenge_id, s.challenge_id)
     WHERE s.purpose = 'submission' AND s.status = 'finished'
       AND ${byVersion ? 'c.id = $1' : 'i.assessment_id = $1 AND c.slug = $3'}
       AND ($2::uuid IS NULL OR a.created_by = $2)
     ORDER BY s.created_at LIMIT 5000`,
    byVersion ? [from.challengeId, ownedBy ?? null] : [from.assessmentId, ownedBy ?? null, from.slug]);
  return rows;
}

/** Creates a rejudge and its queued rows (one per re-run submission) in one transaction. */
export async function insertRejudge(db: Db, input: {
  source: RejudgeSource; targetChallengeId: number; createdBy: string | null; rerun: RejudgeCandidate[]; skipped: RejudgeRecord['skipped'];
}): Promise<{ rejudge: RejudgeRecord; submissionIds: string[] }> {
  return inTransaction(db, async (client) => {
    const rejudge = (await queryOne<RejudgeRecord>(client,
      `INSERT INTO rejudges (source, target_challenge_id, created_by, skipped) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [input.source, input.targetChallengeId, input.createdBy, JSON.stringify(input.skipped)]))!;
    const submissionIds = [];
    for (const s of input.rerun) {
      submissionIds.push(await insertJudgeRun(client, { challengeId: input.targetChallengeId, language: s.language, files: s.files, rejudge: { id: rejudge.id, sourceSubmissionId: s.id } }));
    }
    return { rejudge, submissionIds };
  });
}

/** The rejudges onto a version, newest first (only those `createdBy` started, when it is given: an author's own). */
export async function listRejudgesOnto(db: Db, targetChallengeId: number, createdBy?: string | null): Promise<RejudgeRecord[]> {
  const { rows } = await db.query<RejudgeRecord>(
    `SELECT ${COLUMNS} FROM rejudges WHERE target_challenge_id = $1 AND ($2::uuid IS NULL OR created_by = $2)
     ORDER BY created_at DESC LIMIT 50`, [targetChallengeId, createdBy ?? null]);
  return rows;
}

export function getRejudge(db: Db, id: string): Promise<RejudgeRecord | undefined> {
  return queryOne<RejudgeRecord>(db, `SELECT ${COLUMNS} FROM rejudges WHERE id = $1`, [id]);
}

/**
 * The items of a rejudge. "Old" is the submission's current result while the rejudge is a preview; once applied,
 * it is the history entry recorded just before the rejudge's own.
 */
export async function rejudgeItems(db: Db, rejudgeId: string): Promise<RejudgeItem[]> {
  const { rows } = await db.query<RejudgeItem>(
    `SELECT s.id AS "submissionId", s.invite_id AS "inviteId", r.status,
       json_build_object('challenge', json_build_object('slug', oc.slug, 'version', oc.version), 'verdict', old.verdict,
         'score', old.score::float8, 'maxScore', old.max_score::float8) AS old,
       json_build_object('verdict', r.verdict, 'score', r.score::float8, 'maxScore', r.max_score::float8) AS new
     FROM submissions r JOIN submissions s ON s.id = r.source_submission_id JOIN rejudges j ON j.id = r.rejudge_id
     LEFT JOIN LATERAL (
       SELECT h.challenge_id, h.verdict, h.score, h.max_score FROM submission_results h
       WHERE h.submission_id = s.id AND h.id < (SELECT min(x.id) FROM submission_results x WHERE x.submission_id = s.id AND x.rejudge_id = j.id)
       ORDER BY h.id DESC LIMIT 1) applied ON j.status = 'applied'
     CROSS JOIN LATERAL (SELECT
       CASE WHEN j.status = 'applied' THEN applied.challenge_id ELSE coalesce(s.result_challenge_id, s.challenge_id) END AS challenge_id,
       CASE WHEN j.status = 'applied' THEN applied.verdict ELSE s.verdict END AS verdict,
       CASE WHEN j.status = 'applied' THEN applied.score ELSE s.score END AS score,
       CASE WHEN j.status = 'applied' THEN applied.max_score ELSE s.max_score END AS max_score) old
     LEFT JOIN challenges oc ON oc.id = old.challenge_id
     WHERE r.rejudge_id = $1 ORDER BY s.created_at, s.id`, [rejudgeId]);
  return rows;
}

/**
 * Applies a finished preview: the original result of each submission goes into its history (first time only), the
 * rejudge's result is added to the history and becomes the submission's current result. Nothing is lost.
 * Returns 'applied', or why not: 'not_found', 'decided' (applied or cancelled already), 'not_ready' (rows unfinished).
 */
export async function applyRejudge(db: Db, id: string): Promise<'applied' | 'not_found' | 'decided' | 'not_ready'> {
  return inTransaction(db, async (client) => {
    const rejudge = await queryOne<{ status: string }>(client, 'SELECT status FROM rejudges WHERE id = $1 FOR UPDATE', [id]);
    if (!rejudge) return 'not_found';
    if (rejudge.status !== 'preview') return 'decided';
    const pending = await queryOne<{ n: number }>(client, `SELECT count(*)::int AS n FROM submissions WHERE rejudge_id = $1 AND status <> 'finished'`, [id]);
    if (pending!.n > 0) return 'not_ready';
    await client.query(
      `INSERT INTO submission_results (submission_id, challenge_id, verdict, score, max_score, result, error, rejudge_id, judged_at)
       SELECT s.id, coalesce(s.result_challenge_id, s.challenge_id), s.verdict, s.score, s.max_score, s.result, s.error, NULL, s.finished_at
       FROM submissions r JOIN submissions s ON s.id = r.source_submission_id
       WHERE r.rejudge_id = $1 AND NOT EXISTS (SELECT 1 FROM submission_results h WHERE h.submission_id = s.id)
       ORDER BY s.id`, [id]);
    await client.query(
      `INSERT INTO submission_results (submission_id, challenge_id, verdict, score, max_score, result, error, rejudge_id, judged_at)
       SELECT r.source_submission_id, r.challenge_id, r.verdict, r.score, r.max_score, r.result, r.error, $1, r.finished_at
       FROM submissions r WHERE r.rejudge_id = $1 ORDER BY r.source_submission_id`, [id]);
    await client.query(
      `UPDATE submissions s SET verdict = r.verdict, score = r.score, max_score = r.max_score, result = r.result, error = r.error,
         result_challenge_id = r.challenge_id, updated_at = now()
       FROM submissions r WHERE r.rejudge_id = $1 AND s.id = r.source_submission_id`, [id]);
    await client.query(`UPDATE rejudges SET status = 'applied', decided_at = now() WHERE id = $1`, [id]);
    return 'applied';
  });
}

/** Cancels a preview (its rows stay, for the record); false when it was already applied or cancelled. */
export async function cancelRejudge(db: Db, id: string): Promise<boolean> {
  const { rowCount } = await db.query(`UPDATE rejudges SET status = 'cancelled', decided_at = now() WHERE id = $1 AND status = 'preview'`, [id]);
  return rowCount === 1;
}

/** Every result a submission has had, oldest first (empty until a rejudge was applied to it). */
export async function submissionHistory(db: Db, submissionId: string): Promise<Array<{
  challenge: { slug: string; version: number }; verdict: string; score: number | null; maxScore: number | null;
  rejudgeId: string | null; judgedAt: Date | null; recordedAt: Date;
}>> {
  const { rows } = await db.query(
    `SELECT json_build_object('slug', c.slug, 'version', c.version) AS challenge, h.verdict, h.score::float8 AS score,
       h.max_score::float8 AS "maxScore", h.rejudge_id AS "rejudgeId", h.judged_at AS "judgedAt", h.recorded_at AS "recordedAt"
     FROM submission_results h JOIN challenges c ON c.id = h.challenge_id WHERE h.submission_id = $1 ORDER BY h.id`, [submissionId]);
  return rows;
}
