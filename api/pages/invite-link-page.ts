import type { Request, Response } from 'express';
import type { Db } from '../../core/platform/db';
import { inspectInviteLink, redeemInvite, type InviteLinkState } from '../../core/assessments/invite-links';
import { html } from './html';
import { sendPage } from './layout';
import { setTokenCookie } from './page-session';

const REFUSED = {
  used: ['This invite link has been used', 'Each invite link signs in once, and this one already has. Ask the hiring team for a new link if you need to sign in again.', 410],
  expired: ['This invite link has expired', 'Invite links work for a limited time. Ask the hiring team for a new one.', 410],
  revoked: ['This invite has been withdrawn', 'The hiring team has revoked this invite. Contact them if you think this is a mistake.', 410],
  unknown: ['This invite link is not valid', 'Check that you copied the whole link, or ask the hiring team for a new one.', 404],
} as const;

function refused(res: Response, state: Exclude<InviteLinkState['state'], 'usable'>): void {
  const [title, text, status] = REFUSED[state];
  sendPage(res, { title, body: html`<p role="alert">${text}</p><p><a href="/ui/sign-in">Sign in with a token instead</a></p>` }, status);
}

/**
 * `GET /ui/invite/:code`: who the link invites and one button to sign in. Opening the link uses nothing (mail
 * scanners and link previews fetch links too); pressing the button does.
 */
export async function inviteLinkPage(db: Db, req: Request, res: Response): Promise<void> {
  const code = String(req.params.code);
  const link = await inspectInviteLink(db, code);
  if (link.state !== 'usable') return refused(res, link.state);
  sendPage(res, {
    title: link.assessmentName,
    body: html`<p>Hello ${link.candidateName}: you are invited to <strong>${link.assessmentName}</strong>.</p>
      <p>This link signs you in once, on this browser. Once the assessment's window is open, signing in starts your time.</p>
      <form method="post" action="/ui/invite/${code}"><button type="submit">Sign in and open the assessment</button></form>`,
  });
}

/**
 * `POST /ui/invite/:code`: uses the link (once) and puts a fresh candidate token in the session cookie, never in the
 * page or a URL, then sends the browser to `/ui/me`.
 */
export async function redeemInvitePage(db: Db, req: Request, res: Response): Promise<void> {
  const code = String(req.params.code);
  const token = await redeemInvite(db, code);
  if (!token) {
    const link = await inspectInviteLink(db, code);
    return refused(res, link.state === 'usable' ? 'used' : link.state);
  }
  setTokenCookie(req, res, token.secret, token.expiresAt);
  res.redirect(303, '/ui/me');
}
