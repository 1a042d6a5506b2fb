import type { Router } from 'express';
import { principalOf } from './auth-middleware';
import { readableAssessment } from '../core/assessments/manage-assessments';
import { uuidSchema } from '../core/assessments/assessment-schema';
import { assessmentSimilarity } from '../core/similarity/assessment-similarity';
import { OPERATIONS as ops, addRoute } from './operations';
import type { ApiDeps } from './api-deps';

/** Similarity across an assessment's cohort: staff who may read the assessment (its submission list's rule). */
export function addSimilarityRoutes(router: Router, deps: ApiDeps): void {
  addRoute(router, deps, ops.getAssessmentSimilarity, async (req, res) => {
    const id = uuidSchema.safeParse(req.params.id);
    const assessment = await readableAssessment(deps.db, principalOf(res), id.success ? id.data : undefined);
    res.json(await assessmentSimilarity(deps.db, assessment, deps.config.SIMILARITY_THRESHOLD));
  });
}
