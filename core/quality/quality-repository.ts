/**
 * @module quality-repository
 * The SQL of `submission_quality`: one analysis per finished submission, or its failure.
 */
import { Db, queryOne } from '../platform/db';
import type { QualityAnalysisV1 } from '../../sandbox/quality/types';

export interface QualityRecord {
  submissionId: string;
  status: 'done' | 'failed';
  analysis: QualityAnalysisV1 | null;
  durationMs: number | null;
  error: string | null;
  createdAt: Date;
}

const COLUMNS = `submission_id AS "submissionId", status, analysis, duration_ms AS "durationMs", error, created_at AS "createdAt"`;

export function getQuality(db: Db, submissionId: string): Promise<QualityRecord | undefined> {
  return queryOne<QualityRecord>(db, `SELECT ${COLUMNS} FROM submission_quality WHERE submission_id = $1`, [submissionId]);
}

/**
 * Stores the outcome; a `done` row is final (the first writer wins), a `failed` one is replaced by a later success.
 * Returns whether this call wrote the row.
 */
export async function saveQuality(db: Db, submissionId: string, outcome:
  { status: 'done'; analysis: QualityAnalysisV1; durationMs: number } | { status: 'failed'; error: string; durationMs: number | null }): Promise<boolean> {
  const { rowCount } = await db.query(
    // From a SELECT, so a submission erased while it was analysed stores nothing (and breaks no foreign key).
    `INSERT INTO submission_quality (submission_id, status, analysis, duration_ms, error)
     SELECT id, $2::text, $3::jsonb, $4::int, $5::text FROM submissions WHERE id = $1
     ON CONFLICT (submission_id) DO UPDATE SET status = EXCLUDED.status, analysis = EXCLUDED.analysis,
       duration_ms = EXCLUDED.duration_ms, error = EXCLUDED.error, attempts = submission_quality.attempts + 1, created_at = now()
     WHERE submission_quality.status = 'failed'`,
    [submissionId, outcome.status, outcome.status === 'done' ? outcome.analysis : null, outcome.durationMs,
      outcome.status === 'failed' ? outcome.error : null]);
  return rowCount === 1;
}

/** Finished submissions with no analysis row, finished more than `olderThanMs` ago: for the reconciler. */
export async function findMissingQuality(db: Db, olderThanMs: number, limit = 200): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT s.id FROM submissions s LEFT JOIN submission_quality q ON q.submission_id = s.id
     WHERE s.status = 'finished' AND s.purpose = 'submission' AND q.submission_id IS NULL AND s.finished_at < now() - ($1::int * interval '1 millisecond')
     ORDER BY s.finished_at LIMIT $2`, [olderThanMs, limit]);
  return rows.map((r) => r.id);
}

/** Median analysis time over the given submissions' `done` rows (null when none). */
export async function medianQualityDurationMs(db: Db, submissionIds: string[]): Promise<number | null> {
  const row = await queryOne<{ median: number | null }>(db,
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms)::float8 AS median FROM submission_quality
     WHERE status = 'done' AND submission_id = ANY($1::uuid[])`, [submissionIds]);
  return row?.median ?? null;
}
