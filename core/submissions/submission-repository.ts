import { randomUUID } from 'node:crypto';
import { Db, queryOne } from '../platform/db';
import { createMicroBatcher } from '../platform/micro-batch';
import type { Language } from '../../sandbox/harness/protocol';
import { storableText, storableValue } from '../results/storable-text';
import type { ResultV1, SubmissionStatus, Verdict } from '../results/verdicts';

export type SubmissionPurpose = 'submission' | 'gate' | 'rejudge' | 'practice';

export interface SubmissionRecord {
  id: string;
  challengeId: number;
  language: Language;
  files: Record<string, string>;
  status: SubmissionStatus;
  verdict: Verdict | null;
  score: number | null;
  maxScore: number | null;
  result: ResultV1 | null;
  error: string | null;
  attempts: number;
  /** The candidate's invite; null for staff submissions. */
  inviteId: string | null;
  /**
   * `gate` and `rejudge` rows are the judge's own runs: never a candidate's, no limits, no webhooks. `practice` rows
   * are a candidate's ungraded runs of the public tests: their invite's, but never counted as a submission.
   */
  purpose: SubmissionPurpose;
  gateRunId: string | null;
  rejudgeId: string | null;
  /** The version the current result was judged against (differs from `challengeId` after an applied rejudge). */
  resultChallengeId: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

const COLUMNS = `id, challenge_id::int AS "challengeId", language, files, status, verdict, score::float8 AS score,
  max_score::float8 AS "maxScore", result, error, attempts, invite_id AS "inviteId", purpose, gate_run_id AS "gateRunId",
  rejudge_id AS "rejudgeId", coalesce(result_challenge_id, challenge_id)::int AS "resultChallengeId", created_at AS "createdAt", started_at AS "startedAt",
  finished_at AS "finishedAt"`;

type NewSubmission = {
  id?: string; challengeId: number; language: string; files: Record<string, string>; inviteId?: string | null;
  idempotency?: { scope: string; key: string; bodyHash: string };
};

/**
 * Stores a new submission as `queued`; PostgreSQL is the source of truth before anything is enqueued. Concurrent
 * inserts without an Idempotency-Key share one multi-row INSERT (one commit), which is what lets intake keep up
 * with a burst; keyed ones go alone, so a key conflict fails only its own request.
 */
export function insertSubmission(db: Db, newSubmission: NewSubmission): Promise<SubmissionRecord> {
  const input = { ...newSubmission, id: newSubmission.id ?? randomUUID() };
  if (input.idempotency) return insertSubmissions(db, [input]).then((rows) => rows[0]!);
  let insert = batchedInserts.get(db);
  if (!insert) batchedInserts.set(db, (insert = createMicroBatcher((inputs: NewSubmission[]) => insertSubmissions(db, inputs), { isolateFailures: true })));
  return insert(input);
}

const batchedInserts = new WeakMap<Db, (input: NewSubmission) => Promise<SubmissionRecord>>();

async function insertSubmissions(db: Db, inputs: NewSubmission[]): Promise<SubmissionRecord[]> {
  // One JSON parameter rather than one array per column: pg escapes every array element, JSON.stringify is native.
  const rows = inputs.map((i) => ({
    id: i.id, challenge_id: i.challengeId, language: i.language, files: i.files, invite_id: i.inviteId ?? null,
    idempotency_scope: i.idempotency?.scope ?? null, idempotency_key: i.idempotency?.key ?? null, idempotency_body_hash: i.idempotency?.bodyHash ?? null,
  }));
  const result = await db.query<{ id: string; createdAt: Date }>({
    name: 'insert-submissions',
    text: `INSERT INTO submissions (id, challenge_id, language, files, invite_id, idempotency_scope, idempotency_key, idempotency_body_hash)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, challenge_id bigint, language text, files jsonb, invite_id uuid,
       idempotency_scope text, idempotency_key text, idempotency_body_hash text)
     RETURNING id, created_at AS "createdAt"`,
    values: [JSON.stringify(rows)],
  });
  // A new row is the input plus the columns' defaults; reading back only what the database chose saves parsing
  // eighteen columns per row on the intake path.
  const createdAt = new Map(result.rows.map((r) => [r.id, r.createdAt]));
  return inputs.map((i) => ({
    id: i.id!, challengeId: i.challengeId, language: i.language as SubmissionRecord['language'], files: i.files, status: 'queued',
    verdict: null, score: null, maxScore: null, result: null, error: null, attempts: 0, inviteId: i.inviteId ?? null,
    purpose: 'submission', gateRunId: null, rejudgeId: null, resultChallengeId: i.challengeId, createdAt: createdAt.get(i.id!)!,
    startedAt: null, finishedAt: null,
  }));
}

/**
 * Stores one of the judge's own runs (a publish-gate or rejudge row) as `queued`, inside the caller's transaction:
 * no invite, so it never counts against a candidate or reaches an assessment list or webhook.
 */
export async function insertJudgeRun(client: Pick<Db, 'query'>, input: {
  challengeId: number; language: string; files: Record<string, string>;
  gate?: { runId: string; solution: string }; rejudge?: { id: string; sourceSubmissionId: string };
}): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO submissions (challenge_id, language, files, purpose, gate_run_id, gate_solution, rejudge_id, source_submission_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [input.challengeId, input.language, input.files, input.gate ? 'gate' : 'rejudge', input.gate?.runId ?? null,
      input.gate?.solution ?? null, input.rejudge?.id ?? null, input.rejudge?.sourceSubmissionId ?? null]);
  return rows[0]!.id;
}

/**
 * Stores a candidate's practice run ("Run public tests") as `queued`: `purpose = 'practice'`, their invite, judged
 * with the public tests only, outside every submission list, limit, webhook and report.
 */
export async function insertPracticeRun(db: Db, input: { id: string; challengeId: number; language: string; files: Record<string, string>; inviteId: string }): Promise<SubmissionRecord> {
  return (await queryOne<SubmissionRecord>(db,
    `INSERT INTO submissions (id, challenge_id, language, files, invite_id, purpose) VALUES ($1, $2, $3, $4, $5, 'practice')
     RETURNING ${COLUMNS}`, [input.id, input.challengeId, input.language, input.files, input.inviteId]))!;
}

export function getSubmission(db: Db, id: string): Promise<SubmissionRecord | undefined> {
  return queryOne<SubmissionRecord>(db, `SELECT ${COLUMNS} FROM submissions WHERE id = $1`, [id]);
}

/** Status and timestamps only: what a server-sent-event stream polls. */
export function getSubmissionStatus(db: Db, id: string): Promise<Pick<SubmissionRecord, 'status' | 'createdAt' | 'startedAt' | 'finishedAt'> | undefined> {
  return queryOne<Pick<SubmissionRecord, 'status' | 'createdAt' | 'startedAt' | 'finishedAt'>>(db,
    'SELECT status, created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt" FROM submissions WHERE id = $1', [id]);
}

/** The status of each of `ids` that exists. */
export async function getStatuses(db: Db, ids: string[]): Promise<Map<string, SubmissionStatus>> {
  const { rows } = await db.query<{ id: string; status: SubmissionStatus }>('SELECT id, status FROM submissions WHERE id = ANY($1::uuid[])', [ids]);
  return new Map(rows.map((r) => [r.id, r.status]));
}

/** Moves an unfinished submission to `running` and counts the attempt; undefined when it is already finished. */
export function markRunning(db: Db, id: string): Promise<SubmissionRecord | undefined> {
  return queryOne<SubmissionRecord>(db,
    `UPDATE submissions SET status = 'running', attempts = attempts + 1, started_at = now(), updated_at = now()
     WHERE id = $1 AND status <> 'finished' RETURNING ${COLUMNS}`, [id]);
}

/**
 * Records the one final verdict; false when another attempt already did (the first writer wins). Text PostgreSQL
 * cannot store (NUL, lone surrogates: candidate-made output and messages may hold them) is replaced with U+FFFD and
 * the result marked `unstorableReplaced`, so a candidate's content can never make the write fail.
 */
export async function finishSubmission(db: Db, id: string, given: ResultV1, givenError: string | null = null): Promise<boolean> {
  const { value, replaced } = storableValue(given);
  const result: ResultV1 = replaced ? { ...value, unstorableReplaced: true } : value;
  const error = givenError === null ? null : storableText(givenError);
  const { rowCount } = await db.query(
    `UPDATE submissions SET status = 'finished', verdict = $2, score = $3, max_score = $4, result = $5, error = $6,
       finished_at = now(), updated_at = now()
     WHERE id = $1 AND status <> 'finished'`,
    [id, result.verdict, result.score, result.maxScore, result, error]);
  return rowCount === 1;
}

/** Hands a running row back to the queue without counting the attempt (the run never got a working sandbox). */
export async function requeueRunning(db: Db, id: string): Promise<void> {
  await db.query(
    `UPDATE submissions SET status = 'queued', attempts = greatest(attempts - 1, 0), updated_at = now()
      WHERE id = $1 AND status = 'running'`, [id]);
}

/** Unfinished submissions not touched for `olderThanMs`: candidates for the reconciler. */
export async function findStaleUnfinished(db: Db, olderThanMs: number, limit = 500): Promise<Array<{ id: string; status: SubmissionStatus }>> {
  const { rows } = await db.query<{ id: string; status: SubmissionStatus }>(
    `SELECT id, status FROM submissions WHERE status <> 'finished' AND updated_at < now() - ($1::int * interval '1 millisecond')
     ORDER BY updated_at LIMIT $2`, [olderThanMs, limit]);
  return rows;
}

/** Bumps `updated_at` so the reconciler leaves a row alone for another period. */
export async function touchSubmission(db: Db, id: string): Promise<void> {
  await db.query('UPDATE submissions SET updated_at = now() WHERE id = $1', [id]);
}

/** What the metrics count of a stored verdict: the challenge's slug, the language, the verdict, the purpose, the run time. */
export function getJudgementFacts(db: Db, id: string): Promise<{ slug: string; language: string; verdict: string; purpose: string; durationMs: number | null } | undefined> {
  return queryOne(db,
    `SELECT c.slug, s.language, s.verdict, s.purpose, (s.result->>'durationMs')::float8 AS "durationMs"
     FROM submissions s JOIN challenges c ON c.id = s.challenge_id WHERE s.id = $1 AND s.status = 'finished'`, [id]);
}
