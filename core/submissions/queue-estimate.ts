import type { Db } from '../platform/db';
import { queryOne } from '../platform/db';

export interface QueueEstimate {
  /** Submissions ahead of this one (0 = next to run). */
  position: number;
  /** Rough wait until it starts: rounds of the judgements now running, at the recent median judging time. */
  estimatedWaitMs: number;
}

const DEFAULT_JUDGE_MS = 2_000;

/**
 * Where a queued submission stands, from PostgreSQL (the queue is FIFO, so the queued rows created before it are the
 * ones ahead). Cheap at any queue length: the unfinished rows are indexed.
 */
export async function queueEstimate(db: Db, submission: { id: string; createdAt: Date }): Promise<QueueEstimate> {
  const row = await queryOne<{ ahead: number; running: number; medianMs: number | null }>(db,
    `SELECT
       -- gate and rejudge runs are queued behind candidates (BullMQ priority), so they are never ahead
       (SELECT count(*)::int FROM submissions WHERE status = 'queued' AND purpose = 'submission' AND (created_at, id) < ($1, $2)) AS ahead,
       (SELECT count(*)::int FROM submissions WHERE status = 'running') AS running,
       (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FROM (
          SELECT extract(epoch FROM finished_at - started_at) * 1000 AS ms FROM submissions
          WHERE status = 'finished' AND started_at IS NOT NULL AND finished_at > now() - interval '1 hour'
          ORDER BY finished_at DESC LIMIT 50) recent) AS "medianMs"`,
    [submission.createdAt, submission.id]);
  const parallel = Math.max(1, row?.running ?? 0);
  const judgeMs = row?.medianMs ?? DEFAULT_JUDGE_MS;
  const ahead = row?.ahead ?? 0;
  return { position: ahead, estimatedWaitMs: Math.round((Math.floor(ahead / parallel) + 1) * judgeMs) };
}
