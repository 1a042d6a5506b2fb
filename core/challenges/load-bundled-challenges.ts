import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { recordBundledSlug } from './challenge-owner-repository';
import { saveChallengeVersion } from './challenge-repository';
import type { Db } from '../platform/db';
import { readChallengeFolder } from './package-with-solutions';

export const CHALLENGES_DIR = path.resolve(__dirname, '..', '..', 'challenges');

/** Loads every package under `challenges/` as a published version (solutions kept for the gate); unchanged packages keep their version. */
export async function loadBundledChallenges(db: Db, dir = CHALLENGES_DIR): Promise<Array<{ slug: string; version: number; created: boolean }>> {
  const loaded = [];
  for (const name of (await readdir(dir)).sort()) {
    const folder = path.join(dir, name);
    const hasManifest = await stat(path.join(folder, 'challenge.json')).then(() => true, () => false);
    if (!hasManifest) continue;
    const { pkg, solutions } = await readChallengeFolder(folder);
    const { record, created } = await saveChallengeVersion(db, pkg, { status: 'published', solutions });
    await recordBundledSlug(db, record.slug);
    loaded.push({ slug: record.slug, version: record.version, created });
  }
  return loaded;
}
