import { Router } from 'express';
import { AppError } from '../core/platform/app-error';
import { challengeListQuerySchema } from '../core/challenges/challenge-list-schema';
import { parseInput } from './validate';
import { findChallengeVersion, findPublishedChallenge, listPublishedChallenges } from '../core/challenges/challenge-repository';
import type { ApiDeps } from './api-deps';
import { addAssessmentRoutes } from './assessment-routes';
import { addChallengeAuthoringRoutes } from './challenge-authoring-routes';
import { addRejudgeRoutes } from './rejudge-routes';
import { addDocsRoutes } from './docs-routes';
import { createPageRouter } from './pages/page-router';
import { OPERATIONS as ops, addRoute } from './operations';
import { checkReadiness } from '../core/platform/readiness';
import { challengeDetail, challengeSummary } from '../core/challenges/challenge-view';
import { addReportRoutes } from './report-routes';
import { addSubmissionRoutes } from './submission-routes';
import { addTokenRoutes } from './token-routes';

/** The HTTP routes: each parses its input and calls one plain function. Who may call what: `operations.ts`. */
export function createRoutes(deps: ApiDeps): Router {
  const router = Router();

  // First: express tries the routes in order, and submissions are by far the most frequent request.
  addSubmissionRoutes(router, deps);
  addRoute(router, deps, ops.health, (_req, res) => {
    res.json({ status: 'ok' });
  });

  addRoute(router, deps, ops.ready, async (_req, res) => {
    const readiness = await checkReadiness(deps);
    res.status(readiness.ready ? 200 : 503).json(readiness);
  });

  addRoute(router, deps, ops.listChallenges, async (req, res) => {
    const { family } = parseInput(challengeListQuerySchema, req.query, 'query string');
    res.json({ challenges: (await listPublishedChallenges(deps.db, family)).map(challengeSummary) });
  });

  addRoute(router, deps, ops.getChallenge, async (req, res) => {
    const slug = String(req.params.slug);
    const challenge = await findPublishedChallenge(deps.db, slug);
    if (!challenge) throw new AppError(404, 'challenge_not_found', `There is no published challenge "${slug}".`);
    res.json(challengeDetail(challenge));
  });

  addRoute(router, deps, ops.getChallengeVersion, async (req, res) => {
    const [slug, version] = [String(req.params.slug), Number(req.params.version)];
    const challenge = Number.isSafeInteger(version) && version > 0 ? await findChallengeVersion(deps.db, slug, version) : undefined;
    if (!challenge) throw new AppError(404, 'challenge_not_found', `There is no version ${String(req.params.version)} of challenge "${slug}".`);
    res.json(challengeDetail(challenge));
  });

  addChallengeAuthoringRoutes(router, deps);
  addRejudgeRoutes(router, deps);
  addTokenRoutes(router, deps);
  addReportRoutes(router, deps);
  addAssessmentRoutes(router, deps);
  addDocsRoutes(router, deps);
  router.use('/ui', createPageRouter(deps));
  return router;
}
