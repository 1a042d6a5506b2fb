import { Db, queryOne } from '../platform/db';
import { createMicroBatcher } from '../platform/micro-batch';

/** A candidate invited to an assessment; `startedAt` is their first authenticated request inside the window. */
export interface InviteRecord {
  id: string;
  assessmentId: string;
  name: string;
  email: string;
  startedAt: Date | null;
  createdAt: Date;
}

const COLUMNS = `i.id, i.assessment_id AS "assessmentId", i.name, i.email, i.started_at AS "startedAt", i.created_at AS "createdAt"`;

/** Stores an invite; undefined when the assessment already invited this email. */
export function insertInvite(db: Db, input: { assessmentId: string; name: string; email: string }): Promise<InviteRecord | undefined> {
  return queryOne<InviteRecord>(db,
    `INSERT INTO invites AS i (assessment_id, name, email) VALUES ($1, $2, $3)
     ON CONFLICT (assessment_id, email) DO NOTHING RETURNING ${COLUMNS}`,
    [input.assessmentId, input.name, input.email]);
}

export function getInvite(db: Db, id: string): Promise<InviteRecord | undefined> {
  return queryOne<InviteRecord>(db, `SELECT ${COLUMNS} FROM invites i WHERE i.id = $1`, [id]);
}

/** An assessment's invites with how many submissions each made, oldest first. */
export async function listInvites(db: Db, assessmentId: string): Promise<Array<InviteRecord & { submissions: number }>> {
  const { rows } = await db.query<InviteRecord & { submissions: number }>(
    `SELECT ${COLUMNS}, (SELECT count(*)::int FROM submissions s WHERE s.invite_id = i.id AND s.purpose = 'submission') AS submissions
     FROM invites i WHERE i.assessment_id = $1 ORDER BY i.created_at, i.id`, [assessmentId]);
  return rows;
}

/**
 * Starts the candidate's clock once: the first call sets `started_at`, later calls return the stored value. Every
 * candidate's first request pays for this, so concurrent calls share one UPDATE (one commit).
 */
export function markInviteStarted(db: Db, id: string): Promise<Date> {
  let mark = batchedStarts.get(db);
  if (!mark) batchedStarts.set(db, (mark = createMicroBatcher((ids: string[]) => markInvitesStarted(db, ids))));
  return mark(id);
}

const batchedStarts = new WeakMap<Db, (id: string) => Promise<Date>>();

async function markInvitesStarted(db: Db, ids: string[]): Promise<Date[]> {
  const { rows } = await db.query<{ id: string; startedAt: Date }>({
    name: 'mark-invites-started',
    text: `UPDATE invites SET started_at = coalesce(started_at, now()) WHERE id = ANY($1::uuid[]) RETURNING id, started_at AS "startedAt"`,
    values: [ids],
  });
  const byId = new Map(rows.map((r) => [r.id, r.startedAt]));
  return ids.map((id) => byId.get(id)!);
}
