import type { Request, Response, Router } from 'express';
import { principalOf } from './auth-middleware';
import { OPERATIONS as ops, addRoute } from './operations';
import type { ApiDeps } from './api-deps';
import { parseInput } from './validate';
import { readableAssessment } from '../core/assessments/manage-assessments';
import { deleteInviteOf, eraseCandidate, erasureBodySchema } from '../core/assessments/erase-candidate';
import { listErasures } from '../core/assessments/erasure-repository';
import { finishByCandidate } from '../core/assessments/candidate-progress';
import { candidateWindow } from '../core/assessments/assessment-window';
import { idOf } from './assessment-admin-routes';
import { submissionList, submissionListQuerySchema } from '../core/submissions/submission-list';

/** What an applicant-tracking system calls besides the basics: the submission list, finishing, deleting and erasing. */
export function addIntegrationRoutes(router: Router, deps: ApiDeps): void {
  const { db } = deps;
  const assessmentOf = (req: Request, res: Response) => readableAssessment(db, principalOf(res), idOf(req.params.id));

  addRoute(router, deps, ops.listSubmissions, async (req, res) => {
    res.json(await submissionList(db, principalOf(res), parseInput(submissionListQuerySchema, req.query, 'query string')));
  });

  addRoute(router, deps, ops.finishAssessment, async (_req, res) => {
    const { invite, assessment } = principalOf(res).candidate!;
    const finished = await finishByCandidate(db, invite, assessment);
    const { deadline, state } = candidateWindow(assessment, finished);
    res.json({ inviteId: finished.id, finishedAt: finished.finishedAt, finishReason: finished.finishReason, deadline, state });
  });

  addRoute(router, deps, ops.deleteInvite, async (req, res) => {
    await deleteInviteOf(db, await assessmentOf(req, res), idOf(req.params.inviteId));
    res.status(204).end();
  });

  addRoute(router, deps, ops.eraseInvite, async (req, res) => {
    const assessment = await assessmentOf(req, res);
    const body = parseInput(erasureBodySchema, req.body ?? {});
    const erasure = await eraseCandidate(db, principalOf(res), assessment, idOf(req.params.inviteId), body);
    deps.log.info({ erasureId: erasure.id, assessmentId: assessment.id, counts: erasure.counts }, 'candidate data erased');
    res.json(erasure);
  });

  addRoute(router, deps, ops.listErasures, async (req, res) => {
    res.json({ erasures: await listErasures(db, (await assessmentOf(req, res)).id) });
  });
}
