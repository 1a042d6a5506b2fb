import { AppError } from '../platform/app-error';
import { getAssessment, insertAssessment, type AssessmentRecord } from './assessment-repository';
import { findPublishedChallenge } from '../challenges/challenge-repository';
import type { Db } from '../platform/db';
import { insertInvite, type InviteRecord } from './invite-repository';
import { insertToken, type TokenRecord } from '../access/token-repository';
import { allowListOf, refusalOfUrl } from '../webhooks/egress-policy';
import { newWebhookSecret } from '../webhooks/webhook-signature';
import { assessmentNotFound, canReadAssessment } from '../access/access-policy';
import type { AssessmentBody, InviteBody } from './assessment-schema';
import type { Principal } from '../access/authenticate';

const DAY_MS = 86_400_000;
/** A candidate token outlives the window so the candidate can still read their results. */
const CANDIDATE_TOKEN_GRACE_DAYS = 30;
const CANDIDATE_TOKEN_DEFAULT_DAYS = 90;

/** 422 `callback_url_refused` naming the egress rule, for a webhook URL the judge will not call. */
export function assertCallbackAllowed(callbackUrl: string | null | undefined, allowedTargets: string): void {
  if (!callbackUrl) return;
  const rule = refusalOfUrl(new URL(callbackUrl), allowListOf(allowedTargets));
  if (rule) {
    throw new AppError(422, 'callback_url_refused', `callbackUrl is refused by the webhook egress policy: ${rule}. Webhooks go only to public http(s) hosts unless WEBHOOK_ALLOWED_TARGETS opens one.`, { rule });
  }
}

/**
 * Creates an assessment, pinning the latest published version of each challenge; the webhook secret is new. The
 * callback URL must pass the webhook egress policy (`core/webhooks/egress-policy.ts`).
 */
export async function createAssessment(deps: { db: Db; allowedTargets: string }, principal: Principal, body: AssessmentBody): Promise<AssessmentRecord> {
  const { db } = deps;
  assertCallbackAllowed(body.callbackUrl, deps.allowedTargets);
  const challenges = [];
  for (const slug of body.challenges) {
    const challenge = await findPublishedChallenge(db, slug);
    if (!challenge) throw new AppError(404, 'challenge_not_found', `There is no published challenge "${slug}".`);
    challenges.push({ slug, challengeId: challenge.id });
  }
  return insertAssessment(db, {
    name: body.name,
    createdBy: principal.tokenId,
    opensAt: body.opensAt ? new Date(body.opensAt) : null,
    closesAt: body.closesAt ? new Date(body.closesAt) : null,
    durationMinutes: body.durationMinutes ?? null,
    callbackUrl: body.callbackUrl ?? null,
    webhookSecret: body.callbackUrl ? newWebhookSecret() : null,
    languages: body.languages ?? null,
    finalSubmission: body.finalSubmission ?? 'last',
    challenges,
  });
}

/** The assessment, if the caller may read it; 404 (never 403) otherwise, so its existence is not revealed. */
export async function readableAssessment(db: Db, principal: Principal, id: string | undefined): Promise<AssessmentRecord> {
  const assessment = id ? await getAssessment(db, id) : undefined;
  if (!assessment || !canReadAssessment(principal, assessment)) throw assessmentNotFound();
  return assessment;
}

/** When a candidate token made now expires: 30 days after the assessment closes, else 90 days from now. */
export function candidateTokenExpiry(closesAt: Date | null): Date {
  return closesAt
    ? new Date(closesAt.getTime() + CANDIDATE_TOKEN_GRACE_DAYS * DAY_MS)
    : new Date(Date.now() + CANDIDATE_TOKEN_DEFAULT_DAYS * DAY_MS);
}

/** Invites a candidate and issues their token, bound to the invite; the secret is returned only here. */
export async function inviteCandidate(db: Db, principal: Principal, assessment: AssessmentRecord, body: InviteBody): Promise<{ invite: InviteRecord; token: TokenRecord & { secret: string } }> {
  const invite = await insertInvite(db, { assessmentId: assessment.id, name: body.name, email: body.email, externalId: body.externalId, metadata: body.metadata });
  if (!invite) {
    throw new AppError(409, 'invite_exists', `${body.email}${body.externalId ? ` or external id ${body.externalId}` : ''} is already invited to this assessment.`);
  }
  const token = await insertToken(db, {
    role: 'candidate', name: `${body.name} <${body.email}>`, inviteId: invite.id, createdBy: principal.tokenId,
    expiresAt: candidateTokenExpiry(assessment.closesAt),
  });
  return { invite, token };
}
