import type { PoolClient } from 'pg';
import { Db, inTransaction, queryOne } from '../platform/db';
import { createMicroBatcher } from '../platform/micro-batch';

/** A candidate invited to an assessment; `startedAt` is their first authenticated request inside the window. */
export interface InviteRecord {
  id: string;
  assessmentId: string;
  name: string;
  email: string;
  /** The ATS's id of the candidate, unique per assessment. */
  externalId: string | null;
  startedAt: Date | null;
  /** Minutes added to this candidate's duration (`POST …/extend`). */
  extraMinutes: number;
  revokedAt: Date | null;
  createdAt: Date;
}

const COLUMNS = `i.id, i.assessment_id AS "assessmentId", i.name, i.email, i.external_id AS "externalId", i.started_at AS "startedAt",
  i.extra_minutes AS "extraMinutes", i.revoked_at AS "revokedAt", i.created_at AS "createdAt"`;

/** What an invite is made of. */
export interface NewInvite { name: string; email: string; externalId?: string | null }

/**
 * Stores an invite; undefined when the assessment already invited this email or external id. `created_at` is the
 * clock's time, not the transaction's, so a bulk invite lists in the order given.
 */
export async function insertInvite(db: Db | PoolClient, input: NewInvite & { assessmentId: string }): Promise<InviteRecord | undefined> {
  try {
    return await queryOne<InviteRecord>(db,
      `INSERT INTO invites AS i (assessment_id, name, email, external_id, created_at) VALUES ($1, $2, $3, $4, clock_timestamp())
       ON CONFLICT (assessment_id, email) DO NOTHING RETURNING ${COLUMNS}`,
      [input.assessmentId, input.name, input.email, input.externalId ?? null]);
  } catch (error) {
    if ((error as { code?: string }).code === '23505') return undefined; // the external id is taken
    throw error;
  }
}

/** The emails and external ids of `candidates` an assessment already has (to refuse a whole batch before storing). */
export async function takenIdentities(db: Db, assessmentId: string, candidates: NewInvite[]): Promise<{ emails: Set<string>; externalIds: Set<string> }> {
  const { rows } = await db.query<{ email: string; externalId: string | null }>(
    `SELECT email, external_id AS "externalId" FROM invites
     WHERE assessment_id = $1 AND (email = ANY($2::text[]) OR external_id = ANY($3::text[]))`,
    [assessmentId, candidates.map((c) => c.email), candidates.flatMap((c) => (c.externalId ? [c.externalId] : []))]);
  return { emails: new Set(rows.map((r) => r.email)), externalIds: new Set(rows.flatMap((r) => (r.externalId ? [r.externalId] : []))) };
}

/** Marks an invite revoked (idempotent) and revokes every token bound to it; the invite as it is now. */
export async function revokeInvite(db: Db, id: string): Promise<InviteRecord | undefined> {
  return inTransaction(db, async (client) => {
    const invite = await queryOne<InviteRecord>(client,
      `UPDATE invites AS i SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING ${COLUMNS}`, [id]);
    await client.query('UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE invite_id = $1', [id]);
    await client.query('UPDATE invite_links SET expires_at = least(expires_at, now()) WHERE invite_id = $1 AND used_at IS NULL', [id]);
    return invite;
  });
}

/** Adds minutes to an invite's duration, up to `capMinutes` in all; undefined when that would pass the cap. */
export function extendInvite(db: Db, id: string, minutes: number, capMinutes: number): Promise<InviteRecord | undefined> {
  return queryOne<InviteRecord>(db,
    `UPDATE invites AS i SET extra_minutes = extra_minutes + $2 WHERE id = $1 AND extra_minutes + $2 <= $3 RETURNING ${COLUMNS}`,
    [id, minutes, capMinutes]);
}

/** Whether any candidate of the assessment has started (their clock runs): its challenges are then fixed. */
export async function anyInviteStarted(db: Db, assessmentId: string): Promise<boolean> {
  const row = await queryOne<{ started: boolean }>(db,
    'SELECT EXISTS (SELECT 1 FROM invites WHERE assessment_id = $1 AND started_at IS NOT NULL) AS started', [assessmentId]);
  return row!.started;
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
