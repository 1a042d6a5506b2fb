import type { Language } from '../../sandbox/harness/protocol';
import type { ChallengePackage, Limits, Manifest } from './challenge-package';
import type { Solutions } from './challenge-solutions';
import { Db, inTransaction, queryOne } from '../platform/db';
import type { PlannedTest } from '../results/verdicts';
import type { TestFileSource } from '../../sandbox/harness/protocol';

/** A stored challenge version, as the API and the worker use it. */
export interface ChallengeRecord {
  id: number;
  slug: string;
  version: number;
  title: string;
  family: Manifest['family'];
  summary: string;
  statement: string;
  manifest: Manifest;
  package: { starter: ChallengePackage['starter']; publicTests: Record<string, string>; tests: TestFileSource[] };
  testPlan: PlannedTest[];
  contentHash: string;
  status: 'draft' | 'published' | 'retired';
}

const COLUMNS = `id::int, slug, version, title, family, summary, statement, manifest, package,
  test_plan AS "testPlan", content_hash AS "contentHash", status`;

/**
 * Stores a package as the slug's next version, unless the latest version has the same content (then returns it).
 * Same content means the same task (`contentHash`) and the same solutions; a latest version stored without
 * solutions (loaded before they were kept) gets them filled in rather than a new version. A new version gets
 * `status` (uploads: `draft`; bundled challenges: `published`).
 */
export async function saveChallengeVersion(db: Db, pkg: ChallengePackage, version: { status: ChallengeRecord['status']; solutions?: Solutions }):
  Promise<{ record: ChallengeRecord; created: boolean }> {
  const { status, solutions } = version;
  return inTransaction(db, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`challenge:${pkg.manifest.slug}`]);
    // jsonb equality, not text: PostgreSQL reorders object keys.
    const latest = await queryOne<ChallengeRecord & { storedSolutions: boolean; sameSolutions: boolean | null }>(client,
      `SELECT ${COLUMNS}, solutions IS NOT NULL AS "storedSolutions", solutions = $2::jsonb AS "sameSolutions"
       FROM challenges WHERE slug = $1 ORDER BY version DESC LIMIT 1`, [pkg.manifest.slug, solutions ? JSON.stringify(solutions) : null]);
    if (latest && latest.contentHash === pkg.contentHash) {
      const { storedSolutions, sameSolutions, ...record } = latest;
      if (!solutions || sameSolutions) return { record, created: false };
      if (!storedSolutions) {
        await client.query('UPDATE challenges SET solutions = $2 WHERE id = $1 AND solutions IS NULL', [latest.id, solutions]);
        return { record, created: false };
      }
    }
    const { manifest } = pkg;
    const record = await queryOne<ChallengeRecord>(client,
      `INSERT INTO challenges (slug, version, title, family, summary, statement, manifest, package, test_plan, content_hash, status, solutions)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${COLUMNS}`,
      [manifest.slug, (latest?.version ?? 0) + 1, manifest.title, manifest.family, manifest.summary, pkg.statement,
        manifest, { starter: pkg.starter, publicTests: pkg.publicTests, tests: pkg.tests }, JSON.stringify(pkg.plan),
        pkg.contentHash, status, solutions ?? null]);
    return { record: record!, created: true };
  });
}

/** The latest published version of every challenge (of one family when given), grouped by family. */
export async function listPublishedChallenges(db: Db, family?: string): Promise<ChallengeRecord[]> {
  const { rows } = await db.query<ChallengeRecord>(
    `SELECT * FROM (SELECT DISTINCT ON (slug) ${COLUMNS} FROM challenges WHERE status = 'published' ORDER BY slug, version DESC) latest
     WHERE $1::text IS NULL OR family = $1 ORDER BY family, slug`, [family ?? null]);
  return rows;
}

/** The latest published version of one challenge. */
export function findPublishedChallenge(db: Db, slug: string): Promise<ChallengeRecord | undefined> {
  return queryOne<ChallengeRecord>(db,
    `SELECT ${COLUMNS} FROM challenges WHERE slug = $1 AND status = 'published' ORDER BY version DESC LIMIT 1`, [slug]);
}

/** One exact version, by id (submissions pin the id they were made against). */
export function getChallengeById(db: Db, id: number): Promise<ChallengeRecord | undefined> {
  return queryOne<ChallengeRecord>(db, `SELECT ${COLUMNS} FROM challenges WHERE id = $1`, [id]);
}

export type { Language, Limits };

/** One exact version by slug (drafts excluded): what an assessment pinned. */
export function findChallengeVersion(db: Db, slug: string, version: number): Promise<ChallengeRecord | undefined> {
  return queryOne<ChallengeRecord>(db, `SELECT ${COLUMNS} FROM challenges WHERE slug = $1 AND version = $2 AND status <> 'draft'`, [slug, version]);
}

/** One exact version by slug, drafts included (authors' views, the gate, rejudges). */
export function findAnyChallengeVersion(db: Db, slug: string, version: number): Promise<ChallengeRecord | undefined> {
  return queryOne<ChallengeRecord>(db, `SELECT ${COLUMNS} FROM challenges WHERE slug = $1 AND version = $2`, [slug, version]);
}

/** The solutions stored with a version (null for versions loaded before solutions were kept). Never for candidates. */
export async function getChallengeSolutions(db: Db, id: number): Promise<Solutions | null> {
  const row = await queryOne<{ solutions: Solutions | null }>(db, 'SELECT solutions FROM challenges WHERE id = $1', [id]);
  return row?.solutions ?? null;
}

/** Every version of a slug, newest first, with the state of its latest gate run. */
export async function listChallengeVersions(db: Db, slug: string): Promise<Array<{
  version: number; status: ChallengeRecord['status']; contentHash: string; createdAt: Date;
  gate: { id: string; status: string; createdAt: Date; finishedAt: Date | null } | null;
}>> {
  const { rows } = await db.query(
    `SELECT c.version, c.status, c.content_hash AS "contentHash", c.created_at AS "createdAt",
       (SELECT json_build_object('id', g.id, 'status', g.status, 'createdAt', g.created_at, 'finishedAt', g.finished_at)
        FROM gate_runs g WHERE g.challenge_id = c.id ORDER BY g.created_at DESC LIMIT 1) AS gate
     FROM challenges c WHERE c.slug = $1 ORDER BY c.version DESC`, [slug]);
  return rows;
}

/** Marks a version published (idempotent); the caller has checked its gate. */
export async function publishChallengeVersion(db: Db, id: number): Promise<void> {
  await db.query(`UPDATE challenges SET status = 'published' WHERE id = $1 AND status = 'draft'`, [id]);
}

/** The published versions that have no gate run yet (bundled challenges at start-up). */
export async function listUngatedPublished(db: Db): Promise<ChallengeRecord[]> {
  const { rows } = await db.query<ChallengeRecord>(
    `SELECT ${COLUMNS} FROM challenges c WHERE status = 'published' AND solutions IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM gate_runs g WHERE g.challenge_id = c.id) ORDER BY slug, version`);
  return rows;
}
