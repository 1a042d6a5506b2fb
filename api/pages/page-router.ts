import path from 'node:path';
import express, { Router } from 'express';
import { STAFF } from '../../core/access/access-policy';
import { AppError } from '../../core/platform/app-error';
import { principalOf } from '../auth-middleware';
import type { ApiDeps } from '../api-deps';
import { assessmentListPage, assessmentSubmissionsPage } from './assessment-pages';
import { addAuthoringPages } from './authoring-pages';
import { challengeFor, initialForm, renderChallengePage, sendStarter } from './challenge-page';
import { candidateHome } from './candidate-home-page';
import { challengeListPage } from './challenge-list-page';
import { challengeVersionsPage } from './challenge-versions-page';
import { pageErrorHandler } from './page-errors';
import { createEditorPageRouter, editorBundleHandler } from './editor/editor-page-routes';
import { requirePageRole, requireSameOrigin } from './page-session';
import { reportPage } from './report-page';
import { showSignIn, signIn, signOut } from './sign-in-page';
import { addStaffPages } from './staff-pages';
import { addSimilarityPages } from './similarity-pages';
import { submitForm } from './submit-form';
import { candidateSubmissionPage } from './submission-page';

/**
 * The server-rendered pages, mounted under `/ui`: sign-in (the token goes into an HttpOnly cookie), a candidate's
 * assessment, challenges and submissions, the staff's assessment lists, submission lists and reports, and the
 * authors' upload, version (gate, publish) and rejudge pages (`authoring-pages.ts`). Every page
 * reads through the same repository functions, presenters and access rules as the JSON API.
 */
export function createPageRouter(deps: ApiDeps): Router {
  const router = Router();
  const anyone = requirePageRole(deps, ['admin', 'author', 'grader', 'candidate']);
  const staff = requirePageRole(deps, STAFF);
  const candidate = requirePageRole(deps, ['candidate']);
  const form = express.urlencoded({ extended: false, limit: deps.config.MAX_BODY_BYTES, parameterLimit: 50 });

  // The candidate editor: its bundle and its same-origin JSON writes (api/pages/editor/).
  router.get('/assets/editor.js', editorBundleHandler(deps));
  router.use('/editor', createEditorPageRouter(deps));
  router.use('/assets', express.static(path.join(__dirname, 'assets'), { maxAge: '10m', index: false }));
  router.get('/', anyone, (_req, res) => res.redirect(303, principalOf(res).role === 'candidate' ? '/ui/me' : '/ui/assessments'));
  router.get('/sign-in', showSignIn);
  router.post('/sign-in', requireSameOrigin, form, (req, res) => signIn(deps, req, res));
  router.post('/sign-out', requireSameOrigin, signOut);
  addStaffPages(router, deps); // assessment form, invites, tokens, invite links (before /assessments/:id)
  // Authoring (upload, a version's gate and publishing, rejudges): before `/challenges/:slug`, which would take "upload".
  addAuthoringPages(router, deps);

  router.get('/me', candidate, (_req, res) => candidateHome(deps.db, res));
  router.get('/challenges', staff, (_req, res) => challengeListPage(deps.db, res));
  router.get('/challenges/:slug', anyone, async (req, res) => {
    const challenge = await challengeFor(deps.db, principalOf(res), String(req.params.slug));
    renderChallengePage(res, challenge, initialForm(challenge));
  });
  router.get('/challenges/:slug/versions', staff, (req, res) => challengeVersionsPage(deps.db, res, String(req.params.slug)));
  router.get('/challenges/:slug/starter', anyone, async (req, res) => {
    sendStarter(res, await challengeFor(deps.db, principalOf(res), String(req.params.slug)), req.query.language, req.query.path);
  });
  router.post('/challenges/:slug/submissions', requireSameOrigin, anyone, form, (req, res) => submitForm(deps, req, res));
  router.get('/submissions/:id', anyone, (req, res) => (principalOf(res).role === 'candidate'
    ? candidateSubmissionPage(deps.db, res, req.params.id)
    : reportPage(deps.db, res, req.params.id)));
  router.get('/assessments', staff, (_req, res) => assessmentListPage(deps.db, res));
  router.get('/assessments/:id', staff, (req, res) => assessmentSubmissionsPage(deps.db, req, res));
  addSimilarityPages(router, deps);

  router.use((req) => {
    throw new AppError(404, 'page_not_found', `There is no page ${req.originalUrl}.`);
  });
  router.use(pageErrorHandler(deps.log));
  return router;
}
