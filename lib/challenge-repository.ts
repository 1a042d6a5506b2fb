import type { ChallengePackage, Language, Limits, Manifest } from './challenge-package';
import { Db, inTransaction, queryOne } from './db';
import type { PlannedTest } from './verdicts';
import type { TestFileSource } from '../sandbox/harness/protocol';

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

/** Stores a package as the slug's next version, unless the latest version has the same content (then returns it). */
export async function saveChallengeVersion(db: Db, pkg: ChallengePackage, status: ChallengeRecord['status'] = 'published'): Promise<{ record: ChallengeRecord; created: boolean }> {
  return inTransaction(db, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`challenge:${pkg.manifest.slug}`]);
    const latest = await queryOne<ChallengeRecord>(client, `SELECT ${COLUMNS} FROM challenges WHERE slug = $1 ORDER BY version DESC LIMIT 1`, [pkg.manifest.slug]);
    if (latest && latest.contentHash === pkg.contentHash) return { record: latest, created: false };
    const { manifest } = pkg;
    const record = await queryOne<ChallengeRecord>(client,
      `INSERT INTO challenges (slug, version, title, family, summary, statement, manifest, package, test_plan, content_hash, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${COLUMNS}`,
      [manifest.slug, (latest?.version ?? 0) + 1, manifest.title, manifest.family, manifest.summary, pkg.statement,
        manifest, { starter: pkg.starter, publicTests: pkg.publicTests, tests: pkg.tests }, JSON.stringify(pkg.plan),
        pkg.contentHash, status]);
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
