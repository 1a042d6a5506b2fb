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
    callbackUrl: a.callbackUrl,
    createdBy: a.createdBy,
    createdAt: a.createdAt,
  };
}

/** An invite with where the candidate stands: `startedAt`, their `deadline` and the window `state`. */
export function inviteView(invite: InviteRecord & { submissions?: number }, a: AssessmentRecord) {
  const { state, deadline } = candidateWindow(a, invite);
  return {
    id: invite.id,
    assessmentId: invite.assessmentId,
    name: invite.name,
    email: invite.email,
    startedAt: invite.startedAt,
    deadline,
    state,
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
    submissionId: d.submissionId,
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
