import { Db, queryOne } from '../platform/db';
import { afterCursor, type PageCursor, type PagedRow } from '../platform/page-query';

/** What a webhook for a finished submission needs: where to send it, the secret, and the summary to send. */
export interface WebhookTarget {
  callbackUrl: string;
  secret: string;
  payload: {
    event: 'submission.finished';
    submissionId: string;
    assessmentId: string;
    inviteId: string;
    externalId: string | null;
    metadata: Record<string, unknown> | null;
    challenge: { slug: string; version: number };
    verdict: string;
    score: number;
    maxScore: number;
    finishedAt: string;
  };
}

/** The webhook of a finished candidate submission; undefined when it is unfinished, a staff one, or has no callback. */
export async function getWebhookTarget(db: Db, submissionId: string): Promise<WebhookTarget | undefined> {
  const row = await queryOne<{ callbackUrl: string; secret: string; payload: WebhookTarget['payload'] }>(db,
    `SELECT a.callback_url AS "callbackUrl", a.webhook_secret AS secret, json_build_object(
       'event', 'submission.finished', 'submissionId', s.id, 'assessmentId', a.id, 'inviteId', i.id,
       'externalId', i.external_id, 'metadata', i.metadata,
       'challenge', json_build_object('slug', c.slug, 'version', c.version), 'verdict', s.verdict,
       'score', s.score::float8, 'maxScore', s.max_score::float8,
       'finishedAt', to_char(s.finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) AS payload
     FROM submissions s JOIN invites i ON i.id = s.invite_id JOIN assessments a ON a.id = i.assessment_id
     JOIN challenges c ON c.id = s.challenge_id
     WHERE s.id = $1 AND s.status = 'finished' AND s.purpose = 'submission' AND a.callback_url IS NOT NULL`, [submissionId]);
  return row;
}

/** One attempt to deliver a webhook, as graders see it. */
export interface DeliveryRecord {
  id: number;
  assessmentId: string;
  /** The submission whose `submission.finished` this was; null for other events. */
  submissionId: string | null;
  /** The outbox event (`invite.started`, `invite.finished`, `assessment.closed`); null for `submission.finished`. */
  eventId: number | null;
  eventType: string;
  attempt: number;
  url: string;
  statusCode: number | null;
  ok: boolean;
  willRetry: boolean;
  error: string | null;
  durationMs: number;
  createdAt: Date;
}

const COLUMNS = `id::int, assessment_id AS "assessmentId", submission_id AS "submissionId", event_id::int AS "eventId", event_type AS "eventType", attempt, url,
  status_code AS "statusCode", ok, will_retry AS "willRetry", error, duration_ms AS "durationMs", created_at AS "createdAt"`;

export async function insertDelivery(db: Db, d: Omit<DeliveryRecord, 'id' | 'createdAt'>): Promise<DeliveryRecord> {
  const row = await queryOne<DeliveryRecord>(db,
    `INSERT INTO webhook_deliveries (assessment_id, submission_id, event_id, event_type, attempt, url, status_code, ok, will_retry, error, duration_ms)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${COLUMNS}`,
    [d.assessmentId, d.submissionId, d.eventId, d.eventType, d.attempt, d.url, d.statusCode, d.ok, d.willRetry, d.error, d.durationMs]);
  return row!;
}

/** An assessment's delivery attempts, newest first. */
export async function listDeliveries(db: Db, assessmentId: string, page: { limit: number; cursor?: PageCursor } = { limit: 1000 }): Promise<Array<PagedRow<DeliveryRecord>>> {
  const after = afterCursor(page.cursor, { at: 'created_at', id: 'id' }, 'desc', 2);
  const { rows } = await db.query<PagedRow<DeliveryRecord>>(
    `SELECT ${COLUMNS}, created_at::text AS "pageAt" FROM webhook_deliveries WHERE assessment_id = $1${after.sql}
     ORDER BY created_at DESC, id::text DESC LIMIT $${after.params.length + 2}`, [assessmentId, ...after.params, page.limit + 1]);
  return rows;
}
