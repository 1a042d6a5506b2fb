import type { Request, Response } from 'express';
import { AppError } from '../../core/platform/app-error';
import type { Config } from '../../core/platform/config';
import type { Db } from '../../core/platform/db';
import { authenticate } from '../../core/access/authenticate';
import { html } from './html';
import { sendPage } from './layout';
import { clearTokenCookie, setTokenCookie } from './page-session';

/** Only same-site paths under /ui are followed after sign-in (never another site). */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/ui(\/[\w\-./?=&%]*)?$/.test(next) && !next.startsWith('//') ? next : '/ui';
}

function renderSignIn(res: Response, next: string, error?: string): void {
  sendPage(res, {
    title: 'Sign in',
    body: html`
      <p>Paste the token you were given: candidates find theirs in the invitation; staff get theirs from an admin.
      It is kept in a cookie only this site can read, until you sign out or it expires.</p>
      <p>Candidates: signing in inside your assessment's window starts your time, and only then can you read its
      challenges.</p>
      ${error ? html`<p class="error" role="alert" id="sign-in-error">${error}</p>` : ''}
      <form method="post" action="/ui/sign-in" class="stack">
        <input type="hidden" name="next" value="${next}">
        <label for="token">Token</label>
        <input id="token" name="token" type="password" autocomplete="off" required spellcheck="false"
          ${error ? html`aria-describedby="sign-in-error" aria-invalid="true"` : ''}>
        <button type="submit">Sign in</button>
      </form>`,
  }, error ? 401 : 200);
}

export function showSignIn(req: Request, res: Response): void {
  renderSignIn(res, safeNext(req.query.next));
}

/** Checks the pasted token like the API would, then stores it in the page cookie. */
export async function signIn(deps: { db: Db; config: Config }, req: Request, res: Response): Promise<void> {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const token = typeof body.token === 'string' ? body.token.trim() : '';
  const next = safeNext(body.next);
  try {
    const principal = await authenticate(deps, `Bearer ${token}`);
    setTokenCookie(req, res, token, principal.expiresAt);
    res.redirect(303, next);
  } catch (error) {
    if (!(error instanceof AppError) || error.status !== 401) throw error;
    renderSignIn(res, next, token ? error.message.replace(/^Send a valid bearer token.*$/, 'This token is not valid.') : 'Paste your token.');
  }
}

export function signOut(_req: Request, res: Response): void {
  clearTokenCookie(res);
  res.redirect(303, '/ui/sign-in');
}
