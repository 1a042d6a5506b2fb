import type { Request, RequestHandler, Response } from 'express';
import { AppError } from '../../core/platform/app-error';
import type { Config } from '../../core/platform/config';
import type { Db } from '../../core/platform/db';
import type { Role } from '../../core/access/token-repository';
import { authenticate } from '../../core/access/authenticate';
import { cookieToken, TOKEN_COOKIE } from '../auth-middleware';

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(:\d+)?$/i;

/**
 * Stores the token in an HttpOnly, SameSite=Strict cookie for the pages. It is `Secure` unless the page is served over
 * plain HTTP on loopback (a laptop's `npm start`), so a token never travels in clear over a network.
 */
export function setTokenCookie(req: Request, res: Response, token: string, expiresAt: Date | null): void {
  const secure = req.protocol === 'https' || !LOOPBACK.test(req.get('host') ?? '');
  res.cookie(TOKEN_COOKIE, token, {
    httpOnly: true, sameSite: 'strict', secure, path: '/',
    ...(expiresAt ? { expires: expiresAt } : {}),
  });
}

export function clearTokenCookie(res: Response): void {
  res.clearCookie(TOKEN_COOKIE, { httpOnly: true, sameSite: 'strict', path: '/' });
}

/** The host of an absolute URL, or undefined. */
function hostOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).host : undefined;
  } catch {
    return undefined;
  }
}

/**
 * CSRF guard for the pages' form posts (on top of SameSite=Strict): the browser's `Origin` (or, failing that, the
 * `Referer`) must name this server's host. Hosts, not schemes, are compared, so a TLS-terminating proxy in front works.
 * A post that names neither is refused.
 */
export const requireSameOrigin: RequestHandler = (req, _res, next) => {
  const origin = req.get('origin');
  const from = hostOf(origin && origin !== 'null' ? origin : req.get('referer'));
  if (!from || from !== req.get('host')) throw new AppError(403, 'cross_origin_form', 'This form must be sent from the judge\'s own pages.');
  next();
};

/** An invalid, expired or revoked token means "signed out"; anything else (the database down) is an error. */
function signedOut(error: unknown): undefined {
  if (error instanceof AppError && error.status === 401) return undefined;
  throw error;
}

/**
 * Page guard: the cookie's principal, for the given roles. Without a valid cookie the browser is sent to the sign-in
 * page (coming back here after); another role gets 403.
 */
export function requirePageRole(deps: { db: Db; config: Config }, roles: readonly Role[]): RequestHandler {
  return async (req, res, next) => {
    const token = cookieToken(req.get('cookie'));
    const principal = token ? await authenticate(deps, `Bearer ${token}`).catch(signedOut) : undefined;
    if (!principal) {
      if (req.method === 'GET') return res.redirect(303, `/ui/sign-in?next=${encodeURIComponent(req.originalUrl)}`);
      throw new AppError(401, 'unauthenticated', 'Sign in again: your session has ended.');
    }
    if (!roles.includes(principal.role)) throw new AppError(403, 'forbidden', `This page is not for a ${principal.role} token.`);
    res.locals.principal = principal;
    next();
  };
}
