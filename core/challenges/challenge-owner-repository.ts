import { AppError } from '../platform/app-error';
import { queryOne, type Db } from '../platform/db';

/** Who is asking: an admin may author any slug; an author only the slugs their token created. */
export interface Author {
  role: string;
  tokenId: string | null;
}

function notYours(slug: string): AppError {
  return new AppError(403, 'challenge_not_yours', `Challenge "${slug}" belongs to another author; only they or an admin may upload or publish its versions.`);
}

/** Records the slug's owner on first upload (an author's token; NULL, admins only, for an admin); refuses others. */
export async function claimChallengeSlug(db: Db, slug: string, who: Author): Promise<void> {
  const owner = who.role === 'admin' ? null : who.tokenId;
  const row = await queryOne<{ owner: string | null }>(db,
    `WITH claimed AS (INSERT INTO challenge_owners (slug, owner_token) VALUES ($1, $2) ON CONFLICT (slug) DO NOTHING RETURNING owner_token)
     SELECT owner_token AS owner FROM claimed UNION ALL SELECT owner_token FROM challenge_owners WHERE slug = $1 LIMIT 1`, [slug, owner]);
  if (who.role === 'admin') return;
  // A concurrent first upload of the same slug committed after this statement's snapshot: read its owner.
  if (!row) return assertMayAuthor(db, slug, who);
  if (row.owner !== who.tokenId) throw notYours(slug);
}

/** Refuses an author who does not own the slug (publishing, starting a gate). */
export async function assertMayAuthor(db: Db, slug: string, who: Author): Promise<void> {
  if (who.role === 'admin') return;
  const row = await queryOne<{ owner: string | null }>(db, 'SELECT owner_token AS owner FROM challenge_owners WHERE slug = $1', [slug]);
  if (row?.owner !== who.tokenId) throw notYours(slug);
}

/** Bundled challenges belong to the admins. */
export async function recordBundledSlug(db: Db, slug: string): Promise<void> {
  await db.query('INSERT INTO challenge_owners (slug) VALUES ($1) ON CONFLICT (slug) DO NOTHING', [slug]);
}

/** One row per slug for the authors' list: its newest version (draft or not), its newest published one, its owner. */
export interface ChallengeSlugSummary {
  slug: string;
  title: string;
  family: string;
  languages: string[];
  latestVersion: number;
  latestStatus: 'draft' | 'published' | 'retired';
  publishedVersion: number | null;
  /** The author token that owns the slug; null: admins only (bundled, or created by an admin). */
  ownerToken: string | null;
}

/** Every slug, drafts included, newest version first within the family order. */
export async function listChallengeSlugs(db: Db): Promise<ChallengeSlugSummary[]> {
  const { rows } = await db.query<ChallengeSlugSummary>(
    `SELECT DISTINCT ON (c.slug) c.slug, c.title, c.family, c.manifest->'languages' AS languages, c.version AS "latestVersion",
       c.status AS "latestStatus",
       (SELECT max(p.version) FROM challenges p WHERE p.slug = c.slug AND p.status = 'published') AS "publishedVersion",
       o.owner_token AS "ownerToken"
     FROM challenges c LEFT JOIN challenge_owners o ON o.slug = c.slug
     ORDER BY c.slug, c.version DESC`);
  return rows.sort((a, b) => a.family.localeCompare(b.family) || a.slug.localeCompare(b.slug));
}
