/**
 * @module drafts
 * The candidate's editor state kept server-side: a draft per invite, pinned challenge version and language (a reload
 * or another browser on the same invite finds it), and the files of their latest submission to restore.
 */
import { AppError } from '../platform/app-error';
import type { Db } from '../platform/db';
import type { Principal } from '../access/authenticate';
import { assertWindowOpen } from '../assessments/assessment-window';
import type { Language } from '../../sandbox/harness/protocol';
import { getChallengeIntake } from '../challenges/challenge-intake';
import { getDraft, latestSubmissionFiles, saveDraft, type DraftRecord } from './draft-repository';

/** A draft as the API answers it (`files: null` when none was saved yet). */
export interface DraftView {
  challenge: string;
  language: Language;
  files: Record<string, string> | null;
  updatedAt: string | null;
}

/** The candidate and the version their assessment pinned for `slug`; drafts are a candidate's own (staff: 403). */
function pinnedFor(principal: Principal, slug: string): { inviteId: string; challengeId: number; candidate: NonNullable<Principal['candidate']> } {
  const candidate = principal.candidate;
  if (!candidate) throw new AppError(403, 'forbidden', 'Drafts belong to a candidate\'s invite; staff tokens have none.');
  const pinned = candidate.assessment.challenges.find((c) => c.slug === slug);
  if (!pinned) throw new AppError(404, 'challenge_not_found', `"${slug}" is not part of your assessment.`);
  return { inviteId: candidate.invite.id, challengeId: pinned.challengeId, candidate };
}

function view(slug: string, language: Language, draft: DraftRecord | undefined): DraftView {
  return { challenge: slug, language, files: draft?.files ?? null, updatedAt: draft?.updatedAt.toISOString() ?? null };
}

/** The caller's draft of a challenge in a language (readable at any time, like their results). */
export async function readDraft(db: Db, principal: Principal, slug: string, language: Language): Promise<DraftView> {
  const { inviteId, challengeId } = pinnedFor(principal, slug);
  return view(slug, language, await getDraft(db, inviteId, challengeId, language));
}

/**
 * Saves the caller's draft, inside their window only (403 `assessment_not_open` / `assessment_closed`, like a
 * submission); the language must be one the challenge offers (422 `unsupported_language`).
 */
export async function writeDraft(db: Db, principal: Principal, slug: string, language: Language, files: Record<string, string>): Promise<DraftView> {
  const { inviteId, challengeId, candidate } = pinnedFor(principal, slug);
  assertWindowOpen(candidate.assessment, candidate.invite);
  const languages = (await getChallengeIntake(db, challengeId))?.manifest.languages ?? [];
  if (!languages.includes(language)) throw new AppError(422, 'unsupported_language', `Challenge "${slug}" accepts ${languages.join(', ')}, not ${language}.`);
  return view(slug, language, await saveDraft(db, inviteId, challengeId, language, files));
}

/** The files of the caller's latest submission of a challenge (404 `submission_not_found` when there is none). */
export async function lastSubmission(db: Db, principal: Principal, slug: string): Promise<{ id: string; language: Language; files: Record<string, string>; createdAt: string }> {
  const { inviteId, challengeId } = pinnedFor(principal, slug);
  const latest = await latestSubmissionFiles(db, inviteId, challengeId);
  if (!latest) throw new AppError(404, 'submission_not_found', 'You have not submitted this challenge yet.');
  return { ...latest, createdAt: latest.createdAt.toISOString() };
}
