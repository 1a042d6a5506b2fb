import type { Db } from '../platform/db';
import { queryOne } from '../platform/db';
import type { Language } from '../../sandbox/harness/protocol';

/** A candidate's saved editor state for one challenge version and language. */
export interface DraftRecord {
  language: Language;
  files: Record<string, string>;
  updatedAt: Date;
}

/** The draft of an invite for a challenge version and language, if one was saved. */
export function getDraft(db: Db, inviteId: string, challengeId: number, language: Language): Promise<DraftRecord | undefined> {
  return queryOne<DraftRecord>(db,
    `SELECT language, files, updated_at AS "updatedAt" FROM drafts
     WHERE invite_id = $1 AND challenge_id = $2 AND language = $3`, [inviteId, challengeId, language]);
}

/** Saves (replaces) a draft; returns what was stored. */
export async function saveDraft(db: Db, inviteId: string, challengeId: number, language: Language, files: Record<string, string>): Promise<DraftRecord> {
  return (await queryOne<DraftRecord>(db,
    `INSERT INTO drafts (invite_id, challenge_id, language, files) VALUES ($1, $2, $3, $4)
     ON CONFLICT (invite_id, challenge_id, language) DO UPDATE SET files = EXCLUDED.files, updated_at = now()
     RETURNING language, files, updated_at AS "updatedAt"`, [inviteId, challengeId, language, files]))!;
}

/** The files of an invite's latest graded submission of a challenge version (practice runs excluded). */
export function latestSubmissionFiles(db: Db, inviteId: string, challengeId: number): Promise<{ id: string; language: Language; files: Record<string, string>; createdAt: Date } | undefined> {
  return queryOne(db,
    `SELECT id, language, files, created_at AS "createdAt" FROM submissions
     WHERE invite_id = $1 AND challenge_id = $2 AND purpose = 'submission' ORDER BY created_at DESC, id DESC LIMIT 1`,
    [inviteId, challengeId]);
}
