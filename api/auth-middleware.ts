import type { Request, RequestHandler, Response } from 'express';
import { authenticate, type Principal } from '../core/access/authenticate';
import { AppError } from '../core/platform/app-error';
import type { Config } from '../core/platform/config';
import type { Db } from '../core/platform/db';
import type { Role } from '../core/access/token-repository';

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

/**
 * For operations open to everyone whose answer depends on who asks (the challenge catalogue): the caller's principal
 * when the request carries valid credentials, else `undefined`. Like every public route it ignores a bad token (a
 * stale page cookie must not turn the public catalogue into 401s); the caller then reads as anonymous.
 */
export async function optionalPrincipal(deps: { db: Db; config: Config }, req: Request): Promise<Principal | undefined> {
  const credentials = credentialsOf(req);
  if (credentials === undefined) return undefined;
  try {
    return await authenticate(deps, credentials);
  } catch (error) {
    if (error instanceof AppError && error.status === 401) return undefined;
    throw error;
  }
}
