import type { Request, Response, Router } from 'express';
import { principalOf } from './auth-middleware';
import { requireJson } from './error-middleware';
import { OPERATIONS as ops, addRoute } from './operations';
import type { ApiDeps } from './api-deps';
import { parseInput } from './validate';
import { readableAssessment } from '../core/assessments/manage-assessments';
import { closeAssessment, editAssessment } from '../core/assessments/edit-assessment';
import { extendInviteOf, inviteCandidates, revokeInviteOf } from '../core/assessments/manage-invites';
import { createInviteLink } from '../core/assessments/invite-links';
import { listInvites } from '../core/assessments/invite-repository';
import type { AssessmentRecord } from '../core/assessments/assessment-repository';
import { assessmentView, inviteView } from '../core/assessments/assessment-view';
import { assessmentPatchSchema, bulkInviteBodySchema, extendBodySchema, uuidSchema } from '../core/assessments/assessment-schema';

/** A path parameter as a UUID, or undefined (the lookup then answers 404). */
export const idOf = (value: unknown) => {
  const id = uuidSchema.safeParse(value);
  return id.success ? id.data : undefined;
};

/** The origin the caller reached this server at, for absolute links. */
export function originOf(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

/** Editing and closing assessments, bulk invites, revoking and extending invites, invite links. */
export function addAssessmentAdminRoutes(router: Router, deps: ApiDeps): void {
  const { db } = deps;
  const assessmentOf = (req: Request, res: Response) => readableAssessment(db, principalOf(res), idOf(req.params.id));
  const inviteState = async (assessment: AssessmentRecord, inviteId: string) => {
    const invite = (await listInvites(db, assessment.id)).find((i) => i.id === inviteId)!;
    return inviteView(invite, assessment);
  };

  addRoute(router, deps, ops.updateAssessment, requireJson, async (req, res) => {
    const assessment = await assessmentOf(req, res);
    const patch = parseInput(assessmentPatchSchema, req.body);
    const edited = await editAssessment({ db, allowedTargets: deps.config.WEBHOOK_ALLOWED_TARGETS }, assessment, patch);
    res.json({ ...assessmentView(edited.assessment), ...(edited.newWebhookSecret ? { webhookSecret: edited.newWebhookSecret } : {}) });
  });

  addRoute(router, deps, ops.closeAssessment, async (req, res) => {
    res.json(assessmentView(await closeAssessment(db, await assessmentOf(req, res))));
  });

  addRoute(router, deps, ops.createInvites, requireJson, async (req, res) => {
    const assessment = await assessmentOf(req, res);
    const created = await inviteCandidates(db, principalOf(res), assessment, parseInput(bulkInviteBodySchema, req.body));
    res.status(201).json({
      invites: created.map(({ invite, token }) => ({ ...inviteView(invite, assessment), token: token.secret, tokenId: token.id, tokenExpiresAt: token.expiresAt })),
    });
  });

  addRoute(router, deps, ops.revokeInvite, async (req, res) => {
    const assessment = await assessmentOf(req, res);
    const invite = await revokeInviteOf(db, assessment, idOf(req.params.inviteId));
    res.json(await inviteState(assessment, invite.id));
  });

  addRoute(router, deps, ops.extendInvite, requireJson, async (req, res) => {
    const assessment = await assessmentOf(req, res);
    const { minutes } = parseInput(extendBodySchema, req.body);
    const invite = await extendInviteOf(db, assessment, idOf(req.params.inviteId), minutes);
    res.json(await inviteState(assessment, invite.id));
  });

  addRoute(router, deps, ops.createInviteLink, async (req, res) => {
    const assessment = await assessmentOf(req, res);
    const link = await createInviteLink(db, principalOf(res), assessment, idOf(req.params.inviteId));
    res.status(201).json({ url: `${originOf(req)}${link.path}`, path: link.path, expiresAt: link.expiresAt });
  });
}
