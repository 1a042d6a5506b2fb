import type { ChallengeRecord } from './challenge-repository';
import { queryOne, type Db } from '../platform/db';

/** What accepting a submission needs of a challenge version (no statement, tests or package). */
export type ChallengeIntake = Pick<ChallengeRecord, 'id' | 'slug' | 'version' | 'manifest'>;

const COLUMNS = 'id::int, slug, version, manifest';

// Per pool (tests and benchmarks run several schemas in one process, with overlapping ids). Safe to keep forever:
// slug, version and manifest of a stored version never change (a changed package is a new version).
const cacheByDb = new WeakMap<Db, Map<number, ChallengeIntake>>();
const MAX_CACHED = 1_000;

/** One exact version by id (what a candidate's assessment pinned), cached for the life of the process. */
export async function getChallengeIntake(db: Db, id: number): Promise<ChallengeIntake | undefined> {
  let cache = cacheByDb.get(db);
  if (!cache) cacheByDb.set(db, (cache = new Map()));
  const hit = cache.get(id);
  if (hit) return hit;
  const row = await queryOne<ChallengeIntake>(db, `SELECT ${COLUMNS} FROM challenges WHERE id = $1`, [id]);
  if (row) {
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(id, row);
  }
  return row;
}

/** The latest published version of a slug (not cached: publishing a version changes the answer). */
export function findPublishedChallengeIntake(db: Db, slug: string): Promise<ChallengeIntake | undefined> {
  return queryOne<ChallengeIntake>(db,
    `SELECT ${COLUMNS} FROM challenges WHERE slug = $1 AND status = 'published' ORDER BY version DESC LIMIT 1`, [slug]);
}
