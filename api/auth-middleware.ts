import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { AppError } from '../core/platform/app-error';
import type { AssessmentRecord } from '../core/assessments/assessment-repository';
import { findCredential } from '../core/access/credential-repository';
import type { Config } from '../core/platform/config';
import type { Db } from '../core/platform/db';
import { markInviteStarted, type InviteRecord } from '../core/assessments/invite-repository';
import { tokenDigest, type Role } from '../core/access/token-repository';
import { candidateWindow } from '../core/assessments/assessment-window';

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
  if (!invite.startedAt && candidateWindow(assessment, invite, now).state === 'open') {
    invite.startedAt = await markInviteStarted(deps.db, invite.id);
  }
  return { ...principal, candidate: { invite, assessment } };
}

/** The cookie the web pages set at sign-in (`api/pages/`); it holds the token (HttpOnly, SameSite=Strict). */
export const TOKEN_COOKIE = 'judge_token';

/** The token in the page cookie of a `Cookie` header, if any. */
export function cookieToken(cookieHeader: string | undefined): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name !== TOKEN_COOKIE) continue;
    try {
      return decodeURIComponent(value.join('=')) || undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * The request's credentials as an `Authorization` value: the header, or for reads (GET/HEAD: pages, `EventSource`,
 * which cannot send headers) the page cookie. JSON writes need the header, so a cookie alone never authorises one;
 * the pages' own form posts check their origin first (`api/pages/page-session.ts`).
 */
export function credentialsOf(req: Request): string | undefined {
  const header = req.get('authorization');
  if (header || (req.method !== 'GET' && req.method !== 'HEAD')) return header;
  const token = cookieToken(req.get('cookie'));
  return token ? `Bearer ${token}` : undefined;
}

/**
 * Route guard: authenticates the request and lets through only the given roles (403 `forbidden` otherwise).
 * Resource-level rules (whose submission, whose assessment) are checked by the route and answer 404.
 */
export function requireRole(deps: { db: Db; config: Config }, roles: readonly Role[]): RequestHandler {
  return async (req, res, next) => {
    const principal = await authenticate(deps, credentialsOf(req));
    if (!roles.includes(principal.role)) {
      throw new AppError(403, 'forbidden', `A ${principal.role} token may not do this; it needs one of: ${roles.join(', ')}.`);
    }
    res.locals.principal = principal;
    next();
  };
}

/** The principal `requireRole` attached to the response. */
export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw new Error('principalOf called on a route without requireRole');
  return principal;
}
