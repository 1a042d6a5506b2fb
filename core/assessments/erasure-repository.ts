import type { PoolClient } from 'pg';
import { inTransaction, queryOne, type Db } from '../platform/db';

/** What an erasure removed, by kind: the audit record keeps these counts and nothing personal. */
export interface ErasureCounts {
  submissions: number; practiceRuns: number; rejudgeRuns: number; results: number; reports: number;
  deliveries: number; events: number; drafts: number; tokens: number; links: number;
}

/** The audit record of one erasure. */
export interface ErasureRecord {
  id: string;
  assessmentId: string;
  inviteId: string;
  erasedBy: string | null;
  erasedByName: string;
  reason: string | null;
  counts: ErasureCounts;
  erasedAt: Date;
}

const COLUMNS = `id, assessment_id AS "assessmentId", invite_id AS "inviteId", erased_by AS "erasedBy",
  erased_by_name AS "erasedByName", reason, counts, erased_at AS "erasedAt"`;

async function count(client: PoolClient, sql: string, params: unknown[]): Promise<number> {
  return (await client.query(sql, params)).rowCount ?? 0;
}

/** Deletes the rows of an invite's submissions and of the rejudge runs made from them, in dependency order. */
async function deleteSubmissions(client: PoolClient, inviteId: string): Promise<Pick<ErasureCounts, 'submissions' | 'practiceRuns' | 'rejudgeRuns' | 'results' | 'reports' | 'deliveries'>> {
  const { rows } = await client.query<{ id: string; purpose: string }>(
    `SELECT id, purpose FROM submissions WHERE invite_id = $1
     UNION ALL SELECT r.id, r.purpose FROM submissions r JOIN submissions s ON s.id = r.source_submission_id WHERE s.invite_id = $1`, [inviteId]);
  const ids = rows.map((r) => r.id);
  const results = await count(client, 'DELETE FROM submission_results WHERE submission_id = ANY($1::uuid[])', [ids]);
  const reports = await count(client, 'DELETE FROM submission_quality WHERE submission_id = ANY($1::uuid[])', [ids]);
  const deliveries = await count(client, 'DELETE FROM webhook_deliveries WHERE submission_id = ANY($1::uuid[])', [ids]);
  await client.query("DELETE FROM submissions WHERE id = ANY($1::uuid[]) AND purpose = 'rejudge'", [ids]);
  await client.query('DELETE FROM submissions WHERE id = ANY($1::uuid[])', [ids]);
  const by = (p: string) => rows.filter((r) => r.purpose === p).length;
  return { submissions: by('submission'), practiceRuns: by('practice'), rejudgeRuns: by('rejudge'), results, reports, deliveries };
}

/**
 * Erases an invite and everything of its candidate (code, results, reports, webhook deliveries and events, drafts,
 * tokens, sign-in links) in one transaction, and writes the audit record.
 */
export async function eraseInvite(db: Db, input: { inviteId: string; assessmentId: string; erasedBy: string | null; erasedByName: string; reason: string | null }): Promise<ErasureRecord> {
  return inTransaction(db, async (client) => {
    const removed = await deleteSubmissions(client, input.inviteId);
    const events = await count(client, "DELETE FROM webhook_events WHERE assessment_id = $1 AND payload->>'inviteId' = $2", [input.assessmentId, input.inviteId]);
    const drafts = await count(client, 'DELETE FROM drafts WHERE invite_id = $1', [input.inviteId]);
    const tokens = await count(client, 'DELETE FROM api_tokens WHERE invite_id = $1', [input.inviteId]);
    const links = await count(client, 'DELETE FROM invite_links WHERE invite_id = $1', [input.inviteId]);
    await client.query('DELETE FROM invites WHERE id = $1', [input.inviteId]);
    const counts: ErasureCounts = { ...removed, events, drafts, tokens, links };
    return (await queryOne<ErasureRecord>(client,
      `INSERT INTO erasures (assessment_id, invite_id, erased_by, erased_by_name, reason, counts) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [input.assessmentId, input.inviteId, input.erasedBy, input.erasedByName, input.reason, counts]))!;
  });
}

/** An assessment's erasures, newest first. */
export async function listErasures(db: Db, assessmentId: string): Promise<ErasureRecord[]> {
  const { rows } = await db.query<ErasureRecord>(`SELECT ${COLUMNS} FROM erasures WHERE assessment_id = $1 ORDER BY erased_at DESC, id`, [assessmentId]);
  return rows;
}

/** How many of the invite's submissions (of any purpose) are still queued or running. */
export async function unfinishedRuns(db: Db, inviteId: string): Promise<number> {
  const row = await queryOne<{ n: number }>(db, "SELECT count(*)::int AS n FROM submissions WHERE invite_id = $1 AND status <> 'finished'", [inviteId]);
  return row!.n;
}

/** Deletes an invite nobody used (never started, no submission, no draft); false when it has any of those. */
export async function deleteUnusedInvite(db: Db, inviteId: string): Promise<boolean> {
  return inTransaction(db, async (client) => {
    const used = await queryOne<{ used: boolean }>(client,
      `SELECT (i.started_at IS NOT NULL OR EXISTS (SELECT 1 FROM submissions s WHERE s.invite_id = i.id)
         OR EXISTS (SELECT 1 FROM drafts d WHERE d.invite_id = i.id)) AS used FROM invites i WHERE i.id = $1 FOR UPDATE`, [inviteId]);
    if (!used || used.used) return false;
    await client.query('DELETE FROM invite_links WHERE invite_id = $1', [inviteId]);
    await client.query('DELETE FROM api_tokens WHERE invite_id = $1', [inviteId]);
    await client.query('DELETE FROM invites WHERE id = $1', [inviteId]);
    return true;
  });
}
