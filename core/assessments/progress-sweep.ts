import { inTransaction, queryOne, type Db } from '../platform/db';
import { recordEvent } from '../webhooks/webhook-event-repository';
import { finishInvite } from './candidate-progress';
import { findOverdueInvites } from './invite-repository';

/** At most this many invites and assessments are settled per sweep; the next sweep takes the rest. */
const BATCH = 200;

/** Records `assessment.closed` once per closing time, with how many candidates were invited, started and finished. */
async function noticeClosing(db: Db, assessmentId: string): Promise<boolean> {
  return inTransaction(db, async (client) => {
    const closed = await queryOne<{ closesAt: Date }>(client,
      `UPDATE assessments SET close_noticed_at = now() WHERE id = $1 AND closes_at <= now() AND close_noticed_at IS NULL
       RETURNING closes_at AS "closesAt"`, [assessmentId]);
    if (!closed) return false;
    const counts = await queryOne<{ invited: number; started: number; finished: number; submissions: number }>(client,
      `SELECT count(*)::int AS invited, count(started_at)::int AS started, count(finished_at)::int AS finished,
         (SELECT count(*)::int FROM submissions s JOIN invites j ON j.id = s.invite_id WHERE j.assessment_id = $1 AND s.purpose = 'submission') AS submissions
       FROM invites WHERE assessment_id = $1`, [assessmentId]);
    await recordEvent(client, { assessmentId, type: 'assessment.closed', dedupeKey: `assessment.closed:${assessmentId}:${closed.closesAt.getTime()}`,
      payload: { closedAt: closed.closesAt.toISOString(), candidates: counts } });
    return true;
  });
}

/**
 * Settles what time alone decides: candidates whose time is up are finished (`invite.finished`, at their deadline),
 * then assessments past their closing time get `assessment.closed`. Idempotent; any process may run it.
 */
export async function sweepProgress(db: Db): Promise<{ finished: number; closed: number }> {
  let finished = 0;
  for (const invite of await findOverdueInvites(db, BATCH)) {
    if (await finishInvite(db, invite, invite.reason, invite.deadline)) finished++;
  }
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM assessments WHERE closes_at <= now() AND close_noticed_at IS NULL ORDER BY closes_at LIMIT $1', [BATCH]);
  let closed = 0;
  for (const { id } of rows) if (await noticeClosing(db, id)) closed++;
  return { finished, closed };
}

/** After `POST …/close`: the same notice at once rather than at the next sweep. */
export async function noticeClosedNow(db: Db, assessmentId: string): Promise<void> {
  for (const invite of await findOverdueInvites(db, BATCH, assessmentId)) {
    await finishInvite(db, invite, invite.reason, invite.deadline);
  }
  await noticeClosing(db, assessmentId);
}
