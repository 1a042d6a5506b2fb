import type { Db } from '../platform/db';
import { inTransaction, queryOne } from '../platform/db';
import type { GateRow } from './gate-row';
import { insertJudgeRun } from '../submissions/submission-repository';
import type { ResultV1 } from '../results/verdicts';

export type GateStatus = 'running' | 'passed' | 'failed';

export interface GateRunRecord {
  id: string;
  challengeId: number;
  runs: number;
  status: GateStatus;
  report: GateRow[] | null;
  createdBy: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** One judged (or pending) run of a gate: which solution, and its result once finished. */
export interface GateRunSubmission {
  id: string;
  solution: string;
  status: string;
  result: ResultV1 | null;
}

const COLUMNS = `id, challenge_id::int AS "challengeId", runs, status, report, created_by AS "createdBy",
  created_at AS "createdAt", finished_at AS "finishedAt"`;

/** Creates a gate run and its queued submissions rows (one per run of each solution) in one transaction. */
export async function insertGateRun(db: Db, input: {
  challengeId: number; runs: number; createdBy: string | null;
  submissions: Array<{ solution: string; language: string; files: Record<string, string> }>;
}): Promise<{ gateRun: GateRunRecord; submissionIds: string[] }> {
  return inTransaction(db, async (client) => {
    const gateRun = (await queryOne<GateRunRecord>(client,
      `INSERT INTO gate_runs (challenge_id, runs, created_by) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
      [input.challengeId, input.runs, input.createdBy]))!;
    const submissionIds = [];
    for (const s of input.submissions) {
      submissionIds.push(await insertJudgeRun(client, { challengeId: input.challengeId, language: s.language, files: s.files, gate: { runId: gateRun.id, solution: s.solution } }));
    }
    return { gateRun, submissionIds };
  });
}

export function getGateRun(db: Db, id: string): Promise<GateRunRecord | undefined> {
  return queryOne<GateRunRecord>(db, `SELECT ${COLUMNS} FROM gate_runs WHERE id = $1`, [id]);
}

/** The newest gate run of a challenge version. */
export function latestGateRun(db: Db, challengeId: number): Promise<GateRunRecord | undefined> {
  return queryOne<GateRunRecord>(db, `SELECT ${COLUMNS} FROM gate_runs WHERE challenge_id = $1 ORDER BY created_at DESC LIMIT 1`, [challengeId]);
}

/** The submissions rows of a gate run, in the order they were created. */
export async function gateRunSubmissions(db: Db, gateRunId: string): Promise<GateRunSubmission[]> {
  const { rows } = await db.query<GateRunSubmission>(
    `SELECT id, gate_solution AS solution, status, result FROM submissions WHERE gate_run_id = $1 ORDER BY created_at, id`, [gateRunId]);
  return rows;
}

/** Records the gate's outcome once; false when another settle already did. */
export async function finishGateRun(db: Db, id: string, status: Exclude<GateStatus, 'running'>, report: GateRow[]): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE gate_runs SET status = $2, report = $3, finished_at = now() WHERE id = $1 AND status = 'running'`, [id, status, JSON.stringify(report)]);
  return rowCount === 1;
}

/** Key of the session-level advisory lock that serialises the gate catch-up of workers starting together. */
const GATE_CATCH_UP_LOCK = 7_204_311;

/** Runs `fn` holding the gate catch-up lock; undefined without running it when another session holds the lock. */
export async function withGateCatchUpLock<T>(db: Db, fn: () => Promise<T>): Promise<T | undefined> {
  const client = await db.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [GATE_CATCH_UP_LOCK]);
    if (!rows[0]?.locked) return undefined;
    try {
      return await fn();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [GATE_CATCH_UP_LOCK]);
    }
  } finally {
    client.release();
  }
}
