import { Router } from 'express';
import { versionParam } from '../core/challenges/challenge-package';
import { AppError } from '../core/platform/app-error';
import { challengeListQuerySchema } from '../core/challenges/challenge-list-schema';
import { parseInput } from './validate';
import { listReadableChallenges, readChallenge } from '../core/challenges/challenge-access';
import { optionalPrincipal } from './auth-middleware';
import type { ApiDeps } from './api-deps';
import { addAssessmentRoutes } from './assessment-routes';
import { addAssessmentAdminRoutes } from './assessment-admin-routes';
import { addSimilarityRoutes } from './similarity-routes';
import { addIntegrationRoutes } from './integration-routes';
import { addChallengeAuthoringRoutes } from './challenge-authoring-routes';
import { addRejudgeRoutes } from './rejudge-routes';
import { addDocsRoutes } from './docs-routes';
import { addEditorRoutes } from './editor-routes';
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
  addRoute(router, deps, ops.index, (_req, res) => {
    res.json({ name: 'ai-judge', openapi: '/openapi.json', docs: '/docs', ui: '/ui', health: '/healthz', ready: '/readyz' });
  });
  addRoute(router, deps, ops.health, (_req, res) => {
    res.json({ status: 'ok' });
  });

  addRoute(router, deps, ops.metrics, async (_req, res) => {
    const registry = deps.metrics!.registry;
    res.type(registry.contentType).send(await registry.metrics());
  });

  addRoute(router, deps, ops.ready, async (_req, res) => {
    const readiness = await checkReadiness(deps);
    res.status(readiness.ready ? 200 : 503).json(readiness);
  });

  addRoute(router, deps, ops.listChallenges, async (req, res) => {
    const { family } = parseInput(challengeListQuerySchema, req.query, 'query string');
    const readable = await listReadableChallenges(deps, await optionalPrincipal(deps, req), family);
    res.json({ challenges: readable.map(challengeSummary) });
  });

  addRoute(router, deps, ops.getChallenge, async (req, res) => {
    res.json(challengeDetail(await readChallenge(deps, await optionalPrincipal(deps, req), String(req.params.slug))));
  });

  addRoute(router, deps, ops.getChallengeVersion, async (req, res) => {
    const version = versionParam(req.params.version);
    const slug = String(req.params.slug);
    if (version === 0) throw new AppError(404, 'challenge_not_found', `There is no version ${String(req.params.version)} of challenge "${slug}".`);
    res.json(challengeDetail(await readChallenge(deps, await optionalPrincipal(deps, req), slug, version)));
  });

  addChallengeAuthoringRoutes(router, deps);
  addRejudgeRoutes(router, deps);
  addTokenRoutes(router, deps);
  addReportRoutes(router, deps);
  addAssessmentRoutes(router, deps);
  addAssessmentAdminRoutes(router, deps);
  addSimilarityRoutes(router, deps);
  addIntegrationRoutes(router, deps);
  addEditorRoutes(router, deps);
  addDocsRoutes(router, deps);
  router.use('/ui', createPageRouter(deps));
  return router;
}
