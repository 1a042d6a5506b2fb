import { Db, queryOne } from './db';

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
    `SELECT ${COLUMNS}, (SELECT count(*)::int FROM submissions s WHERE s.invite_id = i.id) AS submissions
     FROM invites i WHERE i.assessment_id = $1 ORDER BY i.created_at, i.id`, [assessmentId]);
  return rows;
}

/** Starts the candidate's clock once: the first call sets `started_at`, later calls return the stored value. */
export async function markInviteStarted(db: Db, id: string): Promise<Date> {
  const row = await queryOne<{ startedAt: Date }>(db,
    `UPDATE invites SET started_at = coalesce(started_at, now()) WHERE id = $1 RETURNING started_at AS "startedAt"`, [id]);
  return row!.startedAt;
}
