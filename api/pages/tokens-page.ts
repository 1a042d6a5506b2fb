import type { Request, Response } from 'express';
import { AppError } from '../../core/platform/app-error';
import type { Db } from '../../core/platform/db';
import { listTokens, revokeToken } from '../../core/access/token-repository';
import { issueStaffToken } from '../../core/access/issue-token';
import { tokenBodySchema } from '../../core/access/token-schema';
import { tokenView } from '../../core/assessments/assessment-view';
import { uuidSchema } from '../../core/assessments/assessment-schema';
import { principalOf } from '../auth-middleware';
import { parseInput } from '../validate';
import { html, when, type SafeHtml } from './html';
import { sendPage } from './layout';

interface TokenExtras {
  issued?: { name: string; role: string; secret: string };
  error?: string;
  values?: { role: string; name: string; expiresOn: string };
}

function issueForm(extras: TokenExtras): SafeHtml {
  const v = extras.values ?? { role: 'author', name: '', expiresOn: '' };
  return html`<h2>Issue a token</h2>
    ${extras.error ? html`<p class="error" role="alert" id="token-error">${extras.error}</p>` : ''}
    <form method="post" action="/ui/tokens" class="filters">
      <div><label for="t-role">Role</label><select id="t-role" name="role">${['author', 'grader', 'admin'].map((r) => html`<option value="${r}" ${r === v.role ? 'selected' : ''}>${r}</option>`)}</select></div>
      <div><label for="t-name">Name (who holds it)</label><input id="t-name" name="name" value="${v.name}" required maxlength="200"></div>
      <div><label for="t-expires">Expires on (UTC, optional; default 90 days)</label><input id="t-expires" name="expiresOn" type="date" value="${v.expiresOn}"></div>
      <div><button type="submit">Issue token</button></div>
    </form>`;
}

function issuedPanel(issued: NonNullable<TokenExtras['issued']>): SafeHtml {
  return html`<section class="notice" aria-labelledby="issued-h"><h2 id="issued-h">Token for ${issued.name} (${issued.role})</h2>
    <p>Copy it now: it is shown this once and stored only as a hash.</p>
    <p class="copy-row"><label for="issued-secret">Token</label>
      <input id="issued-secret" readonly value="${issued.secret}" class="wide" spellcheck="false">
      <button type="button" class="copy" data-copy="issued-secret" hidden>Copy token</button>
      <span class="copy-status" role="status" aria-live="polite"></span></p></section>`;
}

/** `GET /ui/tokens` (admins): issue a token, list every token without secrets, revoke one. */
export async function tokensPage(db: Db, res: Response, extras: TokenExtras = {}, status = 200): Promise<void> {
  const tokens = (await listTokens(db)).map(tokenView);
  sendPage(res, {
    title: 'Tokens',
    principal: principalOf(res),
    body: html`${extras.issued ? issuedPanel(extras.issued) : ''}
      ${issueForm(extras)}
      <h2>Every token</h2>
      <div class="scroll"><table id="tokens">
        <caption>${tokens.length} token${tokens.length === 1 ? '' : 's'}, newest first (secrets are never shown again)</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Created</th><th scope="col">Expires</th><th scope="col">State</th><th scope="col">Revoke</th></tr></thead>
        <tbody>${tokens.map((t) => html`<tr>
          <th scope="row">${t.name}</th><td>${t.role}</td><td>${when(t.createdAt)}</td><td>${when(t.expiresAt)}</td>
          <td>${t.revokedAt ? html`<span class="badge bad">Revoked</span>` : t.expiresAt <= new Date() ? 'Expired' : 'Active'}</td>
          <td>${t.revokedAt ? '—' : html`<form method="post" action="/ui/tokens/${t.id}/revoke"><button type="submit" class="danger">Revoke<span class="visually-hidden"> ${t.name}</span></button></form>`}</td></tr>`)}
        </tbody></table></div>`,
  }, status);
}

/** `POST /ui/tokens`: the same checks as `POST /v1/tokens`; the secret is shown on the answering page only. */
export async function issueTokenFromPage(db: Db, req: Request, res: Response): Promise<void> {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const text = (k: string) => (typeof body[k] === 'string' ? String(body[k]).trim() : '');
  const values = { role: text('role'), name: text('name'), expiresOn: text('expiresOn') };
  try {
    const expiresAt = /^\d{4}-\d\d-\d\d$/.test(values.expiresOn) ? `${values.expiresOn}T23:59:59Z` : values.expiresOn || undefined;
    const token = await issueStaffToken(db, principalOf(res), parseInput(tokenBodySchema, { role: values.role, name: values.name, ...(expiresAt ? { expiresAt } : {}) }));
    await tokensPage(db, res, { issued: { name: token.name, role: token.role, secret: token.secret } }, 201);
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500) throw error;
    await tokensPage(db, res, { error: error.message.replace(/^The request body is invalid: /, 'Not issued: '), values }, error.status);
  }
}

/** `POST /ui/tokens/:id/revoke`. */
export async function revokeTokenFromPage(db: Db, req: Request, res: Response): Promise<void> {
  const id = uuidSchema.safeParse(req.params.id);
  if (!id.success || !(await revokeToken(db, id.data))) throw new AppError(404, 'token_not_found', 'No such token.');
  res.redirect(303, '/ui/tokens');
}
