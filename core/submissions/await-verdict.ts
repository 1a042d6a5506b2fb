import type { Db } from '../platform/db';
import { getSubmission, getSubmissionStatus, type SubmissionRecord } from './submission-repository';

const POLL_MS = 100;

/**
 * Waits (polling PostgreSQL, the source of truth) until the submission is finished or `timeoutMs` has passed; the
 * row as it then stands. For Judge0-style synchronous submits (`POST /v1/submissions?wait=…`).
 */
export async function awaitVerdict(db: Db, id: string, timeoutMs: number): Promise<SubmissionRecord | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await getSubmissionStatus(db, id);
    if (!state || state.status === 'finished' || Date.now() >= deadline) return getSubmission(db, id);
    await new Promise((r) => setTimeout(r, Math.min(POLL_MS, Math.max(0, deadline - Date.now()))));
  }
}
