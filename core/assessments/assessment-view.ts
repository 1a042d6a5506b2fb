import type { AssessmentRecord } from './assessment-repository';
import type { InviteRecord } from './invite-repository';
import type { TokenRecord } from '../access/token-repository';
import type { DeliveryRecord } from '../webhooks/webhook-repository';
import { candidateWindow } from './assessment-window';

/** An assessment as staff see it; the webhook secret is never shown again after creation. */
export function assessmentView(a: AssessmentRecord) {
  return {
    id: a.id,
    name: a.name,
    challenges: a.challenges.map((c) => ({ slug: c.slug, version: c.version, title: c.title })),
    opensAt: a.opensAt,
    closesAt: a.closesAt,
    durationMinutes: a.durationMinutes,
    languages: a.languages,
    finalSubmission: a.finalSubmission,
    callbackUrl: a.callbackUrl,
    createdBy: a.createdBy,
    createdAt: a.createdAt,
  };
}

/** Where an invite stands for the hiring team (see `inviteStatus`). */
export const INVITE_STATUSES = ['not_started', 'in_progress', 'submitted', 'expired', 'revoked'] as const;
export type InviteStatus = (typeof INVITE_STATUSES)[number];

/**
 * Where an invite stands for the hiring team: `revoked`; else, once the candidate's window has ended, `submitted`
 * (at least one submission) or `expired` (none); else `in_progress` once they started (submitting or not), or
 * `not_started`.
 */
export function inviteStatus(invite: InviteRecord, a: AssessmentRecord, submissions: number, now = new Date()): InviteStatus {
  if (invite.revokedAt) return 'revoked';
  if (candidateWindow(a, invite, now).state === 'closed') return submissions > 0 ? 'submitted' : 'expired';
  return invite.startedAt ? 'in_progress' : 'not_started';
}

/**
 * An invite with where the candidate stands: `startedAt`, their `deadline`, the window `state` and, when the
 * submission count is known, the invite `status`.
 */
export function inviteView(invite: InviteRecord & { submissions?: number }, a: AssessmentRecord) {
  const { state, deadline } = candidateWindow(a, invite);
  return {
    id: invite.id,
    assessmentId: invite.assessmentId,
    name: invite.name,
    email: invite.email,
    externalId: invite.externalId,
    startedAt: invite.startedAt,
    deadline,
    state,
    status: inviteStatus(invite, a, invite.submissions ?? 0),
    extraMinutes: invite.extraMinutes,
    revokedAt: invite.revokedAt,
    finishedAt: invite.finishedAt,
    finishReason: invite.finishReason,
    metadata: invite.metadata,
    ...(invite.submissions !== undefined ? { submissions: invite.submissions } : {}),
    createdAt: invite.createdAt,
  };
}

/** A token without its secret (the secret is returned only by the request that created it). */
export function tokenView(t: TokenRecord) {
  return { id: t.id, role: t.role, name: t.name, inviteId: t.inviteId, expiresAt: t.expiresAt, revokedAt: t.revokedAt, createdAt: t.createdAt };
}

export function deliveryView(d: DeliveryRecord) {
  return {
    id: d.id,
    event: d.eventType,
    submissionId: d.submissionId,
    eventId: d.eventId,
    attempt: d.attempt,
    url: d.url,
    statusCode: d.statusCode,
    ok: d.ok,
    willRetry: d.willRetry,
    error: d.error,
    durationMs: d.durationMs,
    createdAt: d.createdAt,
  };
}

/** The fields of each list's items, as `fields=` may name them. */
export const LIST_FIELDS = {
  assessments: ['id', 'name', 'challenges', 'opensAt', 'closesAt', 'durationMinutes', 'languages', 'finalSubmission', 'callbackUrl', 'createdBy', 'createdAt'],
  invites: ['id', 'assessmentId', 'name', 'email', 'externalId', 'startedAt', 'deadline', 'state', 'status', 'extraMinutes', 'revokedAt',
    'finishedAt', 'finishReason', 'metadata', 'submissions', 'createdAt'],
  deliveries: ['id', 'event', 'submissionId', 'eventId', 'attempt', 'url', 'statusCode', 'ok', 'willRetry', 'error', 'durationMs', 'createdAt'],
} as const;
