/**
 * @module reports/report-routes
 * `GET /v1/submissions/:id/report`: the graders' report JSON (staff roles only; see operations.ts).
 */
import type { Router } from 'express';
import { getSubmissionScope } from '../core/assessments/assessment-repository';
import { canReadSubmission, submissionNotFound } from '../core/access/access-policy';
import { principalOf } from './auth-middleware';
import { OPERATIONS as ops, addRoute } from './operations';
import type { ApiDeps } from './api-deps';
import { submissionIdSchema } from '../core/submissions/submission-schema';
import { buildSubmissionReport } from '../core/reports/build-report';

export function addReportRoutes(router: Router, deps: ApiDeps): void {
  addRoute(router, deps, ops.getSubmissionReport, async (req, res) => {
    const principal = principalOf(res);
    const id = submissionIdSchema.safeParse(req.params.id);
    const scope = id.success ? await getSubmissionScope(deps.db, id.data) : undefined;
    if (!id.success || !scope || !canReadSubmission(principal, scope)) throw submissionNotFound();
    const report = await buildSubmissionReport(deps.db, id.data, 'staff');
    if (!report) throw submissionNotFound();
    res.json(report);
  });
}
