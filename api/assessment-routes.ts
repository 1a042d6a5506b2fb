import type { Router } from 'express';
import { assessmentList, deliveryList, inviteList, inviteListQuerySchema, pageQuerySchema } from '../core/assessments/assessment-lists';
import { submissionList, submissionListQuerySchema } from '../core/submissions/submission-list';
import { principalOf } from './auth-middleware';
import { requireJson } from './error-middleware';
import { createAssessment, inviteCandidate, readableAssessment } from '../core/assessments/manage-assessments';
import { OPERATIONS as ops, addRoute } from './operations';
import { assessmentView, inviteView } from '../core/assessments/assessment-view';
import type { ApiDeps } from './api-deps';
import { assessmentBodySchema, inviteBodySchema, uuidSchema } from '../core/assessments/assessment-schema';
import { parseInput } from './validate';
import { candidateComparison, comparisonCsv } from '../core/reports/candidate-comparison';

/** Assessments, their invites, submissions and webhook deliveries. */
export function addAssessmentRoutes(router: Router, deps: ApiDeps): void {
  const { db } = deps;
  const assessmentOf = (req: { params: Record<string, string | string[]> }, res: Parameters<typeof principalOf>[0]) => {
    const id = uuidSchema.safeParse(req.params.id);
    return readableAssessment(db, principalOf(res), id.success ? id.data : undefined);
  };

  addRoute(router, deps, ops.createAssessment, requireJson, async (req, res) => {
    const assessment = await createAssessment({ db, allowedTargets: deps.config.WEBHOOK_ALLOWED_TARGETS }, principalOf(res), parseInput(assessmentBodySchema, req.body));
    res.status(201).location(`/v1/assessments/${assessment.id}`)
      .json({ ...assessmentView(assessment), ...(assessment.webhookSecret ? { webhookSecret: assessment.webhookSecret } : {}) });
  });

  addRoute(router, deps, ops.listAssessments, async (req, res) => {
    res.json(await assessmentList(db, principalOf(res), parseInput(pageQuerySchema, req.query, 'query string')));
  });

  addRoute(router, deps, ops.getAssessment, async (req, res) => {
    res.json(assessmentView(await assessmentOf(req, res)));
  });

  addRoute(router, deps, ops.createInvite, requireJson, async (req, res) => {
    const assessment = await assessmentOf(req, res);
    const { invite, token } = await inviteCandidate(db, principalOf(res), assessment, parseInput(inviteBodySchema, req.body));
    res.status(201).json({ ...inviteView(invite, assessment), token: token.secret, tokenId: token.id, tokenExpiresAt: token.expiresAt });
  });

  addRoute(router, deps, ops.listInvites, async (req, res) => {
    const assessment = await assessmentOf(req, res);
    res.json(await inviteList(db, assessment, parseInput(inviteListQuerySchema, req.query, 'query string')));
  });

  addRoute(router, deps, ops.listAssessmentSubmissions, async (req, res) => {
    const assessment = await assessmentOf(req, res);
    const query = parseInput(submissionListQuerySchema.omit({ assessmentId: true }), req.query, 'query string');
    res.json(await submissionList(db, principalOf(res), { ...query, assessmentId: assessment.id }));
  });

  addRoute(router, deps, ops.getComparison, async (req, res) => {
    res.json(await candidateComparison(db, await assessmentOf(req, res)));
  });

  addRoute(router, deps, ops.getComparisonCsv, async (req, res) => {
    const assessment = await assessmentOf(req, res);
    res.type('text/csv; charset=utf-8').attachment(`comparison-${assessment.id}.csv`).send(comparisonCsv(await candidateComparison(db, assessment)));
  });

  addRoute(router, deps, ops.listWebhookDeliveries, async (req, res) => {
    const assessment = await assessmentOf(req, res);
    res.json(await deliveryList(db, assessment, parseInput(pageQuerySchema, req.query, 'query string')));
  });
}
