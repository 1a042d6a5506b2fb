import type { PoolClient } from 'pg';
import { Db, queryOne } from '../platform/db';

/** The events an assessment's webhook receives besides `submission.finished` (which is sent per submission). */
export const EVENT_TYPES = ['invite.started', 'invite.finished', 'assessment.closed'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** One stored event: the outbox row a webhook worker puts on the delivery queue. */
export interface WebhookEvent {
  id: number;
  assessmentId: string;
  type: EventType;
  payload: Record<string, unknown> & { event: EventType };
  createdAt: Date;
}

const COLUMNS = `e.id::int, e.assessment_id AS "assessmentId", e.type, e.payload, e.created_at AS "createdAt"`;

/**
 * Stores an event once per `dedupeKey` (however many processes notice the fact), only when the assessment has a
 * callback URL; the stored event or undefined. Runs inside the caller's transaction when given one.
 */
export async function recordEvent(db: Db | PoolClient, input: { assessmentId: string; type: EventType; dedupeKey: string; payload: Record<string, unknown> }): Promise<WebhookEvent | undefined> {
  return queryOne<WebhookEvent>(db,
    `INSERT INTO webhook_events AS e (assessment_id, type, dedupe_key, payload)
     SELECT a.id, $2, $3, $4::jsonb || jsonb_build_object('event', $2::text, 'assessmentId', a.id,
       'occurredAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
     FROM assessments a WHERE a.id = $1 AND a.callback_url IS NOT NULL
     ON CONFLICT (dedupe_key) DO NOTHING RETURNING ${COLUMNS}`,
    [input.assessmentId, input.type, input.dedupeKey, JSON.stringify(input.payload)]);
}

/**
 * Claims up to `limit` events no worker has enqueued yet (marks them enqueued); concurrent workers claim disjoint
 * ones. A claim whose enqueue then fails is handed back with `releaseEvents`.
 */
export async function claimPendingEvents(db: Db, limit: number): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `UPDATE webhook_events SET enqueued_at = now() WHERE id IN (
       SELECT id FROM webhook_events WHERE enqueued_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
     RETURNING id::int`, [limit]);
  return rows.map((r) => r.id);
}

/** Hands claimed events back (their enqueue failed), so the next poll takes them again. */
export async function releaseEvents(db: Db, ids: number[]): Promise<void> {
  await db.query('UPDATE webhook_events SET enqueued_at = NULL WHERE id = ANY($1::bigint[])', [ids]);
}

/** What delivering an event needs: the event, where to send it and the secret; undefined once the callback is gone. */
export async function getEventTarget(db: Db, eventId: number): Promise<{ callbackUrl: string; secret: string; event: WebhookEvent } | undefined> {
  const row = await queryOne<WebhookEvent & { callbackUrl: string; secret: string }>(db,
    `SELECT ${COLUMNS}, a.callback_url AS "callbackUrl", a.webhook_secret AS secret
     FROM webhook_events e JOIN assessments a ON a.id = e.assessment_id WHERE e.id = $1 AND a.callback_url IS NOT NULL`, [eventId]);
  if (!row) return undefined;
  const { callbackUrl, secret, ...event } = row;
  return { callbackUrl, secret, event };
}
