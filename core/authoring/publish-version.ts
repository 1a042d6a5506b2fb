/**
 * @module publish-version
 * Publishing a stored challenge version: the rules (who may, what the gate must say) live here, not in the route.
 */
import { AppError } from '../platform/app-error';
import type { Db } from '../platform/db';
import { assertMayAuthor, type Author } from '../challenges/challenge-owner-repository';
import { findAnyChallengeVersion, publishChallengeVersion, type ChallengeRecord } from '../challenges/challenge-repository';
import { latestSettledGateRun, startGateRun } from '../gate/gate-runs';
import type { GateRunRecord } from '../gate/gate-run-repository';
import { gateView } from './authoring-view';

/** A challenge version named by its slug and number. */
export interface VersionRef {
  slug: string;
  version: number;
}

/** The stored version (draft, published or retired); 404 `challenge_not_found` when there is none. */
export async function requireChallengeVersion(db: Db, ref: VersionRef): Promise<ChallengeRecord> {
  const challenge = Number.isSafeInteger(ref.version) && ref.version > 0 ? await findAnyChallengeVersion(db, ref.slug, ref.version) : undefined;
  if (!challenge) throw new AppError(404, 'challenge_not_found', `There is no version ${ref.version} of challenge "${ref.slug}".`);
  return challenge;
}

/**
 * Publishes a version: 404 when it does not exist, 403 `challenge_not_yours` unless the publisher may author its
 * slug, 409 `challenge_retired` for a retired one, 409 `gate_not_passed` for a draft whose latest gate (settled first)
 * has not passed. Publishing a published version changes nothing.
 */
export async function publishVersion(db: Db, ref: VersionRef, publisher: Author): Promise<VersionRef & { status: 'published' }> {
  const challenge = await requireChallengeVersion(db, ref);
  await assertMayAuthor(db, challenge.slug, publisher);
  if (challenge.status === 'retired') throw new AppError(409, 'challenge_retired', `Version ${challenge.version} of "${challenge.slug}" is retired.`);
  if (challenge.status === 'draft') {
    const gate = await latestSettledGateRun(db, challenge.id);
    if (gate?.status !== 'passed') {
      throw new AppError(409, 'gate_not_passed', `Version ${challenge.version} of "${challenge.slug}" has not passed the publish gate (latest gate: ${gate?.status ?? 'none'}).`,
        { gate: gate ? gateView(gate) : null });
    }
    await publishChallengeVersion(db, challenge.id);
  }
  return { slug: challenge.slug, version: challenge.version, status: 'published' };
}

/** Runs a version's publish gate again (404 without the version, 403 `challenge_not_yours` unless the caller may author it). */
export async function rerunGate(deps: Parameters<typeof startGateRun>[0], ref: VersionRef, who: Author, runs: number): Promise<{ challenge: ChallengeRecord; gate: GateRunRecord }> {
  const challenge = await requireChallengeVersion(deps.db, ref);
  await assertMayAuthor(deps.db, challenge.slug, who);
  return { challenge, gate: await startGateRun(deps, challenge, { runs, createdBy: who.tokenId }) };
}
