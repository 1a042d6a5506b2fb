import type { Response } from 'express';
import type { Principal } from '../../core/access/authenticate';
import { html, type SafeHtml } from './html';

/**
 * No inline script or style anywhere: the pages load one stylesheet and their scripts from /ui/assets (the candidate
 * editor's CodeMirror injects its styles as constructable stylesheets, which style-src does not govern).
 */
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
  + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

function nav(principal: Principal | undefined): SafeHtml {
  if (!principal) return html``;
  const links = principal.role === 'candidate'
    ? html`<li><a href="/ui/me">My assessment</a></li>`
    : html`<li><a href="/ui/assessments">Assessments</a></li><li><a href="/ui/challenges">Challenges</a></li>${principal.role === 'admin' ? html`<li><a href="/ui/tokens">Tokens</a></li>` : ''}`;
  return html`<nav aria-label="Main"><ul>${links}</ul>
    <form method="post" action="/ui/sign-out" class="sign-out">
      <span>${principal.name} (${principal.role})</span> <button type="submit">Sign out</button>
    </form></nav>`;
}

/** A whole page: language, skip link, header with the role's navigation, the main content. */
export function layout(page: { title: string; principal?: Principal; body: SafeHtml; scripts?: string[] }): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} · ai-judge</title>
<link rel="icon" href="/ui/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/ui/assets/pages.css">
<script src="/ui/assets/pages.js" defer></script>
${(page.scripts ?? []).map((src) => html`<script src="${src}" defer></script>
`)}</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header><a class="brand" href="/ui">ai-judge</a>${nav(page.principal)}</header>
<main id="main" tabindex="-1">
<h1>${page.title}</h1>
${page.body}
</main>
</body>
</html>`.value;
}

/** Sends a page with the pages' security headers. */
export function sendPage(res: Response, page: Parameters<typeof layout>[0], status = 200): void {
  res.status(status).set({
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    'cache-control': 'no-store',
  }).send(layout(page));
}
