import { STAFF } from '../access/access-policy';
import type { Principal } from '../access/authenticate';
import { assertWindowOpen } from '../assessments/assessment-window';
import { AppError } from '../platform/app-error';
import type { Config } from '../platform/config';
import type { Db } from '../platform/db';
import { findChallengeVersion, findPublishedChallenge, getChallengeById, listPublishedChallenges, type ChallengeRecord } from './challenge-repository';

type ReadDeps = { db: Db; config: Pick<Config, 'PUBLIC_CHALLENGES'> };

/** Who reads: a token's principal, or `undefined` for a request without one. */
export type Reader = Principal | undefined;

function isPublic(challenge: ChallengeRecord, config: ReadDeps['config']): boolean {
  return config.PUBLIC_CHALLENGES === 'as-marked' && challenge.manifest.public === true;
}

function isStaff(reader: Reader): boolean {
  return reader !== undefined && STAFF.includes(reader.role);
}

/**
 * The versions a candidate's assessment pinned, once the candidate's window has started (their first request inside
 * it starts it); before that none, so the task stays unseen until the clock runs.
 */
function startedPins(reader: Reader): Array<{ slug: string; challengeId: number }> {
  const candidate = reader?.candidate;
  return candidate?.invite.startedAt ? candidate.assessment.challenges : [];
}

function notFound(slug: string, version?: number): AppError {
  return new AppError(404, 'challenge_not_found', version === undefined
    ? `There is no published challenge "${slug}".`
    : `There is no version ${version} of challenge "${slug}".`);
}

/**
 * A candidate asking for a challenge of their assessment before their window started: 403 saying when it opens or
 * that it closed (other challenges answer 404 as if they did not exist).
 */
function assertPinReadable(reader: Reader, slug: string): void {
  const candidate = reader?.candidate;
  if (!candidate || candidate.invite.startedAt) return;
  if (!candidate.assessment.challenges.some((c) => c.slug === slug)) return;
  assertWindowOpen(candidate.assessment, candidate.invite);
}

/**
 * The challenge with only the languages the reader's assessment allows (unchanged for staff, for an assessment that
 * names none, or when none would be left).
 */
export function withOfferedLanguages(reader: Reader, challenge: ChallengeRecord): ChallengeRecord {
  const allowed = reader?.candidate?.assessment.languages;
  const languages = allowed ? challenge.manifest.languages.filter((l) => allowed.includes(l)) : challenge.manifest.languages;
  if (languages.length === 0 || languages.length === challenge.manifest.languages.length) return challenge;
  return { ...challenge, manifest: { ...challenge.manifest, languages } };
}

/** The challenges a reader may see in the list: staff all, others the public ones plus a started assessment's. */
export async function listReadableChallenges(deps: ReadDeps, reader: Reader, family?: string): Promise<ChallengeRecord[]> {
  const published = await listPublishedChallenges(deps.db, family);
  if (isStaff(reader)) return published;
  const pins = startedPins(reader);
  const pinned = await Promise.all(pins.map((p) => getChallengeById(deps.db, p.challengeId)));
  const bySlug = new Map(published.filter((c) => isPublic(c, deps.config)).map((c) => [c.slug, c]));
  for (const c of pinned) if (c && (family === undefined || c.family === family)) bySlug.set(c.slug, c);
  return [...bySlug.values()].sort((a, b) => a.family.localeCompare(b.family) || a.slug.localeCompare(b.slug));
}

/**
 * One challenge as the reader may see it: `version` given, that exact version; otherwise the latest published
 * one, or for a candidate the version their assessment pinned. 404 for anything the reader may not read.
 */
export async function readChallenge(deps: ReadDeps, reader: Reader, slug: string, version?: number): Promise<ChallengeRecord> {
  assertPinReadable(reader, slug);
  const pin = startedPins(reader).find((p) => p.slug === slug);
  if (pin && !isStaff(reader)) {
    const pinned = await getChallengeById(deps.db, pin.challengeId);
    if (pinned && (version === undefined || pinned.version === version)) return withOfferedLanguages(reader, pinned);
  }
  const challenge = version === undefined ? await findPublishedChallenge(deps.db, slug) : await findChallengeVersion(deps.db, slug, version);
  if (!challenge || !(isStaff(reader) || isPublic(challenge, deps.config))) throw notFound(slug, version);
  return challenge;
}
