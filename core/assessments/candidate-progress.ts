import type { PoolClient } from 'pg';
import { AppError } from '../platform/app-error';
import { inTransaction, queryOne, type Db } from '../platform/db';
import { recordEvent } from '../webhooks/webhook-event-repository';
import type { AssessmentRecord } from './assessment-repository';
import type { FinishReason, InviteRecord } from './invite-repository';

/** Who the candidate is, as every invite event carries it (the ATS matches on `externalId`). */
function candidateOf(invite: Pick<InviteRecord, 'id' | 'externalId' | 'metadata' | 'email'>) {
  return { inviteId: invite.id, externalId: invite.externalId, email: invite.email, metadata: invite.metadata };
}

const iso = (d: Date) => d.toISOString();

/** Records `invite.started` for a candidate whose clock this request started. */
export async function recordInviteStarted(db: Db, invite: InviteRecord, startedAt: Date): Promise<void> {
  await recordEvent(db, { assessmentId: invite.assessmentId, type: 'invite.started', dedupeKey: `invite.started:${invite.id}`,
    payload: { ...candidateOf(invite), startedAt: iso(startedAt) } });
}

/** A candidate's result per pinned challenge (their latest finished submission) and the sums. */
export interface CandidateTotals {
  challenges: Array<{ slug: string; version: number; submissions: number; verdict: string | null; score: number; maxScore: number }>;
  score: number;
  maxScore: number;
}

/** The totals of one invite: every pinned challenge, unsubmitted ones with score 0 of their test plan's weight. */
export async function candidateTotals(db: Db | PoolClient, invite: Pick<InviteRecord, 'id' | 'assessmentId'>): Promise<CandidateTotals> {
  const { rows } = await db.query<CandidateTotals['challenges'][number]>(
    `SELECT ac.slug, c.version, (SELECT count(*)::int FROM submissions s WHERE s.invite_id = $1 AND s.challenge_id = ac.challenge_id AND s.purpose = 'submission') AS submissions,
       latest.verdict, coalesce(latest.score, 0)::float8 AS score,
       coalesce(latest.max_score, (SELECT coalesce(sum((t->>'weight')::numeric), 0) FROM jsonb_array_elements(c.test_plan) t))::float8 AS "maxScore"
     FROM assessment_challenges ac JOIN challenges c ON c.id = ac.challenge_id
     LEFT JOIN LATERAL (SELECT s.verdict, s.score, s.max_score FROM submissions s
       WHERE s.invite_id = $1 AND s.challenge_id = ac.challenge_id AND s.purpose = 'submission' AND s.status = 'finished'
       ORDER BY s.created_at DESC, s.id DESC LIMIT 1) latest ON true
     WHERE ac.assessment_id = $2 ORDER BY ac.position`, [invite.id, invite.assessmentId]);
  const sum = (k: 'score' | 'maxScore') => rows.reduce((total, r) => total + r[k], 0);
  return { challenges: rows, score: sum('score'), maxScore: sum('maxScore') };
}

/**
 * Marks an invite finished once (at `at`, for `reason`) and records `invite.finished` with the candidate's totals, in
 * one transaction; undefined when it had already finished.
 */
export async function finishInvite(db: Db, invite: InviteRecord, reason: FinishReason, at?: Date): Promise<InviteRecord | undefined> {
  return inTransaction(db, async (client) => {
    const finished = await queryOne<{ finishedAt: Date }>(client,
      `UPDATE invites SET finished_at = coalesce($3::timestamptz, now()), finish_reason = $2
       WHERE id = $1 AND finished_at IS NULL AND started_at IS NOT NULL RETURNING finished_at AS "finishedAt"`, [invite.id, reason, at ?? null]);
    if (!finished) return undefined;
    const totals = await candidateTotals(client, invite);
    await recordEvent(client, { assessmentId: invite.assessmentId, type: 'invite.finished', dedupeKey: `invite.finished:${invite.id}`,
      payload: { ...candidateOf(invite), startedAt: invite.startedAt && iso(invite.startedAt), finishedAt: iso(finished.finishedAt), reason, totals } });
    return { ...invite, finishedAt: finished.finishedAt, finishReason: reason };
  });
}

/** `POST /v1/me/finish`: the candidate says they are done; later submissions are 403 `assessment_finished`. */
export async function finishByCandidate(db: Db, invite: InviteRecord, assessment: AssessmentRecord): Promise<InviteRecord> {
  if (invite.finishedAt) return invite;
  if (!invite.startedAt) throw new AppError(409, 'assessment_not_open', `The assessment "${assessment.name}" has not started for you yet.`);
  return (await finishInvite(db, invite, 'candidate')) ?? invite;
}
