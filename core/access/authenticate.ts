import { timingSafeEqual } from 'node:crypto';
import { AppError } from '../platform/app-error';
import type { AssessmentRecord } from '../assessments/assessment-repository';
import { findCredential } from './credential-repository';
import type { Config } from '../platform/config';
import type { Db } from '../platform/db';
import { markInviteStarted, type InviteRecord } from '../assessments/invite-repository';
import { tokenDigest, type Role } from './token-repository';
import { candidateWindow } from '../assessments/assessment-window';
import { recordInviteStarted } from '../assessments/candidate-progress';

/** Who is calling: the token's role and, for a candidate, the invite and assessment it is bound to. */
export interface Principal {
  /** null for the bootstrap admin (`JUDGE_ADMIN_TOKEN`), which has no row. */
  tokenId: string | null;
  role: Role;
  name: string;
  expiresAt: Date | null;
  candidate?: { invite: InviteRecord; assessment: AssessmentRecord };
}

const UNAUTHENTICATED = 'Send a valid bearer token: Authorization: Bearer <token>.';

function unauthenticated(message = UNAUTHENTICATED): AppError {
  return new AppError(401, 'unauthenticated', message);
}

let bootstrapDigest: { secret: string; digest: Buffer } | undefined;

/**
 * Whether a secret, given as its sha256 digest, is the bootstrap admin token: a constant-time comparison of digests
 * (any length). The bootstrap token's digest is computed once, not on every request.
 */
function isBootstrapToken(digest: Buffer, bootstrap: string): boolean {
  if (bootstrapDigest?.secret !== bootstrap) bootstrapDigest = { secret: bootstrap, digest: tokenDigest(bootstrap) };
  return timingSafeEqual(digest, bootstrapDigest.digest);
}

/**
 * Resolves an `Authorization` header to a principal, or throws 401 `unauthenticated` (missing, malformed, unknown,
 * expired or revoked token). A candidate's first request inside the assessment window starts their duration.
 */
export async function authenticate(deps: { db: Db; config: Config }, header: string | undefined, now = new Date()): Promise<Principal> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) throw unauthenticated();
  const digest = tokenDigest(match[1]!);
  const bootstrap = deps.config.JUDGE_ADMIN_TOKEN;
  if (bootstrap && isBootstrapToken(digest, bootstrap)) return { tokenId: null, role: 'admin', name: 'bootstrap admin', expiresAt: null };

  const credential = await findCredential(deps.db, digest.toString('hex'));
  if (!credential) throw unauthenticated();
  const { token, invite, assessment } = credential;
  if (token.revokedAt) throw unauthenticated('This token has been revoked.');
  if (token.expiresAt <= now) throw unauthenticated(`This token expired at ${token.expiresAt.toISOString()}.`);
  const principal: Principal = { tokenId: token.id, role: token.role, name: token.name, expiresAt: token.expiresAt };
  if (token.role !== 'candidate') return principal;

  if (!invite || !assessment) throw unauthenticated();
  if (invite.revokedAt) throw unauthenticated('This invite has been revoked.');
  if (!invite.startedAt && candidateWindow(assessment, invite, now).state === 'open') {
    const start = await markInviteStarted(deps.db, invite.id);
    invite.startedAt = start.startedAt;
    if (start.justStarted) await recordInviteStarted(deps.db, invite, start.startedAt);
  }
  return { ...principal, candidate: { invite, assessment } };
}
