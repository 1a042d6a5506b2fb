import type { Request, Response } from 'express';
import { AppError } from '../../core/platform/app-error';
import { principalOf } from '../auth-middleware';
import { idempotencyRequest } from '../../core/submissions/idempotency';
import type { ApiDeps } from '../api-deps';
import { submissionBodySchema } from '../../core/submissions/submission-schema';
import { submitSolution } from '../../core/submissions/submit-solution';
import { parseInput } from '../validate';
import { challengeFor, FILE_ROWS, renderChallengePage, type FormState } from './challenge-page';

/** The form's fields as the API's submission body (rows without a path are ignored). */
function formState(body: Record<string, unknown>): FormState {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const rows = Array.from({ length: FILE_ROWS }, (_, i) => ({ path: text(body[`path${i}`]).trim(), content: text(body[`content${i}`]).replace(/\r\n/g, '\n') }));
  return { language: text(body.language), rows, errors: [] };
}

/** Why the API refused the body, one line per issue (the same checks as `POST /v1/submissions`). */
function reasons(error: AppError): string[] {
  const details = error.details as Array<{ path?: string; message?: string }> | undefined;
  return Array.isArray(details) && details.length ? details.map((d) => `${d.path ? `${d.path}: ` : ''}${d.message ?? ''}`) : [error.message];
}

/**
 * Submits the form through the same function as the JSON API (same validation, limits and windows), then sends the
 * browser to the submission's page. The form's one-time key is the Idempotency-Key, so a double click or a re-post
 * of the page makes one submission. A refused form is shown again with the caller's input and the reasons.
 */
export async function submitForm(deps: ApiDeps, req: Request, res: Response): Promise<void> {
  const principal = principalOf(res);
  const challenge = await challengeFor(deps.db, principal, String(req.params.slug));
  const body = (req.body ?? {}) as Record<string, unknown>;
  const state = formState(body);
  try {
    const files = Object.fromEntries(state.rows.filter((r) => r.path !== '').map((r) => [r.path, r.content]));
    const parsed = parseInput(submissionBodySchema(deps.config), { challenge: challenge.slug, language: state.language, files });
    const key = typeof body.formKey === 'string' && body.formKey ? body.formKey : undefined;
    const { submission } = await submitSolution(deps, principal, parsed, idempotencyRequest(key, principal, parsed));
    res.redirect(303, `/ui/submissions/${submission.id}`);
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500) throw error;
    renderChallengePage(res, challenge, { ...state, errors: reasons(error) }, error.status);
  }
}
