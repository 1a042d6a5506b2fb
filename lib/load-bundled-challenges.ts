import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { readChallengePackage } from './challenge-package';
import { saveChallengeVersion } from './challenge-repository';
import type { Db } from './db';

export const CHALLENGES_DIR = path.resolve(__dirname, '..', 'challenges');

/** Loads every package under `challenges/` as a published version; unchanged packages keep their version. */
export async function loadBundledChallenges(db: Db, dir = CHALLENGES_DIR): Promise<Array<{ slug: string; version: number; created: boolean }>> {
  const loaded = [];
  for (const name of (await readdir(dir)).sort()) {
    const folder = path.join(dir, name);
    const hasManifest = await stat(path.join(folder, 'challenge.json')).then(() => true, () => false);
    if (!hasManifest) continue;
    const { record, created } = await saveChallengeVersion(db, await readChallengePackage(folder), 'published');
    loaded.push({ slug: record.slug, version: record.version, created });
  }
  return loaded;
}
