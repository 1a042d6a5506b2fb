import type { Request, Response } from 'express';
import { AppError } from '../../core/platform/app-error';
import { closeAssessment } from '../../core/assessments/edit-assessment';
import { inviteCandidate } from '../../core/assessments/manage-assessments';
import { extendInviteOf, inviteCandidates, inviteOf, revokeInviteOf } from '../../core/assessments/manage-invites';
import { createInviteLink } from '../../core/assessments/invite-links';
import { inviteBodySchema, uuidSchema } from '../../core/assessments/assessment-schema';
import { principalOf } from '../auth-middleware';
import type { ApiDeps } from '../api-deps';
import { originOf } from '../assessment-admin-routes';
import { parseInput } from '../validate';
import { parseInviteCsv, type CsvLineError } from '../../core/assessments/invite-csv';
import { invitePage, invitePageError, pageAssessment } from './invite-list-page';

const field = (req: Request, name: string) => {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.trim() : '';
};
const inviteIdOf = (req: Request) => {
  const id = uuidSchema.safeParse(req.params.inviteId);
  return id.success ? id.data : undefined;
};
const back = (res: Response, id: string, query = '') => res.redirect(303, `/ui/assessments/${id}/invites${query}`);

/** `POST /ui/assessments/:id/close`. */
export async function closeFromPage(deps: ApiDeps, req: Request, res: Response): Promise<void> {
  const a = await closeAssessment(deps.db, await pageAssessment(deps.db, req, res));
  back(res, a.id);
}

/** `POST /ui/assessments/:id/invites`: one candidate (their token is not shown: the invite link is the page's way in). */
export async function inviteOneFromPage(deps: ApiDeps, req: Request, res: Response): Promise<void> {
  const a = await pageAssessment(deps.db, req, res);
  const values = { name: field(req, 'name'), email: field(req, 'email'), externalId: field(req, 'externalId') };
  try {
    const body = parseInput(inviteBodySchema, { name: values.name, email: values.email, ...(values.externalId ? { externalId: values.externalId } : {}) });
    await inviteCandidate(deps.db, principalOf(res), a, body);
    back(res, a.id, '?invited=1');
  } catch (error) {
    const message = error instanceof AppError && error.code === 'validation_failed' ? error.message.replace(/^The request body is invalid: /, 'Not invited: ') : undefined;
    await invitePageError(deps.db, req, res, error, { one: { ...values, error: message ?? (error as Error).message } });
  }
}

/** The refused indexes of a bulk invite (`invites.<i>.email`) as the pasted lines. */
function conflictLines(error: AppError, lineOf: number[]): CsvLineError[] {
  const details = Array.isArray(error.details) ? error.details as Array<{ path: string; message: string }> : [];
  return details.map((d) => ({ line: lineOf[Number(d.path.split('.')[1])] ?? 0, message: d.message }));
}

/** `POST /ui/assessments/:id/invites/csv`: every line valid and new, or nobody invited and each bad line named. */
export async function inviteCsvFromPage(deps: ApiDeps, req: Request, res: Response): Promise<void> {
  const a = await pageAssessment(deps.db, req, res);
  const text = typeof req.body?.csv === 'string' ? String(req.body.csv) : '';
  const { invites, lineOf, errors } = parseInviteCsv(text);
  if (errors.length) return invitePage(deps.db, req, res, { csv: { text, errors } }, 400);
  try {
    const created = await inviteCandidates(deps.db, principalOf(res), a, { invites });
    back(res, a.id, `?invited=${created.length}`);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'invite_exists') throw error;
    const lines = conflictLines(error, lineOf);
    await invitePage(deps.db, req, res, { csv: { text, errors: lines.length ? lines : [{ line: 0, message: error.message }] } }, 409);
  }
}

/** `POST …/invites/:inviteId/revoke`. */
export async function revokeFromPage(deps: ApiDeps, req: Request, res: Response): Promise<void> {
  const a = await pageAssessment(deps.db, req, res);
  await revokeInviteOf(deps.db, a, inviteIdOf(req));
  back(res, a.id);
}

/** `POST …/invites/:inviteId/extend` with `minutes`. */
export async function extendFromPage(deps: ApiDeps, req: Request, res: Response): Promise<void> {
  const a = await pageAssessment(deps.db, req, res);
  const minutes = Number(field(req, 'minutes'));
  try {
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440) throw new AppError(400, 'validation_failed', 'Extra minutes must be a whole number from 1 to 1440.');
    const invite = await extendInviteOf(deps.db, a, inviteIdOf(req), minutes);
    await invitePage(deps.db, req, res, { notice: `${invite.name} has ${invite.extraMinutes} extra minutes in all.` });
  } catch (error) {
    await invitePageError(deps.db, req, res, error);
  }
}

/** `POST …/invites/:inviteId/link`: the page again, with the single-use link in a field (and a copy button). */
export async function linkFromPage(deps: ApiDeps, req: Request, res: Response): Promise<void> {
  const a = await pageAssessment(deps.db, req, res);
  try {
    const invite = await inviteOf(deps.db, a, inviteIdOf(req));
    const link = await createInviteLink(deps.db, principalOf(res), a, invite.id);
    await invitePage(deps.db, req, res, { link: { name: invite.name, url: `${originOf(req)}${link.path}`, expiresAt: link.expiresAt } });
  } catch (error) {
    await invitePageError(deps.db, req, res, error);
  }
}
