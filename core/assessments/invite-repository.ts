import type { PoolClient } from 'pg';
import { Db, inTransaction, queryOne } from '../platform/db';
import { createMicroBatcher } from '../platform/micro-batch';
import { afterCursor, type PageCursor, type PagedRow } from '../platform/page-query';

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
  /** What the ATS attached, returned as given. */
  metadata: Record<string, unknown> | null;
  /** When the candidate finished (pressed finish, ran out of time, or the assessment closed), and why. */
  finishedAt: Date | null;
  finishReason: FinishReason | null;
  createdAt: Date;
}

export type FinishReason = 'candidate' | 'time_up' | 'assessment_closed';

const COLUMNS = `i.id, i.assessment_id AS "assessmentId", i.name, i.email, i.external_id AS "externalId", i.started_at AS "startedAt",
  i.extra_minutes AS "extraMinutes", i.revoked_at AS "revokedAt", i.metadata, i.finished_at AS "finishedAt",
  i.finish_reason AS "finishReason", i.created_at AS "createdAt"`;

/** What an invite is made of. */
export interface NewInvite { name: string; email: string; externalId?: string | null; metadata?: Record<string, unknown> | null }

/**
 * Stores an invite; undefined when the assessment already invited this email or external id. `created_at` is the
 * clock's time, not the transaction's, so a bulk invite lists in the order given.
 */
export async function insertInvite(db: Db | PoolClient, input: NewInvite & { assessmentId: string }): Promise<InviteRecord | undefined> {
  try {
    return await queryOne<InviteRecord>(db,
      `INSERT INTO invites AS i (assessment_id, name, email, external_id, metadata, created_at) VALUES ($1, $2, $3, $4, $5, clock_timestamp())
       ON CONFLICT (assessment_id, email) DO NOTHING RETURNING ${COLUMNS}`,
      [input.assessmentId, input.name, input.email, input.externalId ?? null, input.metadata ?? null]);
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

/** An assessment's invites with how many submissions each made, oldest first; narrowed by email or external id. */
export async function listInvites(db: Db, assessmentId: string, page: { limit: number; cursor?: PageCursor; email?: string; externalId?: string } = { limit: 100_000 }): Promise<Array<PagedRow<InviteRecord & { submissions: number }>>> {
  const params: unknown[] = [assessmentId, page.email ?? null, page.externalId ?? null];
  const after = afterCursor(page.cursor, { at: 'i.created_at', id: 'i.id' }, 'asc', params.length + 1);
  params.push(...after.params, page.limit + 1);
  const { rows } = await db.query<PagedRow<InviteRecord & { submissions: number }>>(
    `SELECT ${COLUMNS}, (SELECT count(*)::int FROM submissions s WHERE s.invite_id = i.id AND s.purpose = 'submission') AS submissions,
       i.created_at::text AS "pageAt"
     FROM invites i WHERE i.assessment_id = $1 AND ($2::text IS NULL OR lower(i.email) = lower($2)) AND ($3::text IS NULL OR i.external_id = $3)${after.sql}
     ORDER BY i.created_at, i.id LIMIT $${params.length}`, params);
  return rows;
}

/** The candidate's start: when their clock started, and whether this call started it. */
export interface InviteStart { startedAt: Date; justStarted: boolean }

/**
 * Starts the candidate's clock once: the first call sets `started_at`, later calls return the stored value. Every
 * candidate's first request pays for this, so concurrent calls share one UPDATE (one commit).
 */
export function markInviteStarted(db: Db, id: string): Promise<InviteStart> {
  let mark = batchedStarts.get(db);
  if (!mark) batchedStarts.set(db, (mark = createMicroBatcher((ids: string[]) => markInvitesStarted(db, ids))));
  return mark(id);
}

const batchedStarts = new WeakMap<Db, (id: string) => Promise<InviteStart>>();

async function markInvitesStarted(db: Db, ids: string[]): Promise<InviteStart[]> {
  // `now()` is the transaction's time: a start set by this very statement equals it, an earlier one never does.
  const { rows } = await db.query<{ id: string } & InviteStart>({
    name: 'mark-invites-started',
    text: `UPDATE invites SET started_at = coalesce(started_at, now()) WHERE id = ANY($1::uuid[])
           RETURNING id, started_at AS "startedAt", started_at = now() AS "justStarted"`,
    values: [ids],
  });
  const byId = new Map(rows.map((r) => [r.id, { startedAt: r.startedAt, justStarted: r.justStarted }]));
  return ids.map((id) => byId.get(id)!);
}

/**
 * Started, unfinished invites whose time is up (their duration ended or the assessment closed), with when and why:
 * the progress sweep finishes them.
 */
export async function findOverdueInvites(db: Db, limit: number, assessmentId?: string): Promise<Array<InviteRecord & { deadline: Date; reason: FinishReason }>> {
  const durationEnd = `i.started_at + (a.duration_minutes + i.extra_minutes) * interval '1 minute'`;
  const { rows } = await db.query<InviteRecord & { deadline: Date; reason: FinishReason }>(
    `SELECT ${COLUMNS}, least(a.closes_at, ${durationEnd}) AS deadline,
       CASE WHEN a.closes_at IS NOT NULL AND (a.duration_minutes IS NULL OR a.closes_at <= ${durationEnd}) THEN 'assessment_closed' ELSE 'time_up' END AS reason
     FROM invites i JOIN assessments a ON a.id = i.assessment_id
     WHERE i.started_at IS NOT NULL AND i.finished_at IS NULL AND i.revoked_at IS NULL AND least(a.closes_at, ${durationEnd}) <= now()
       AND ($2::uuid IS NULL OR i.assessment_id = $2)
     ORDER BY deadline LIMIT $1`, [limit, assessmentId ?? null]);
  return rows;
}
