import express, { type Router } from 'express';
import { versionParam } from '../../core/challenges/challenge-package';
import { publishVersion, rerunGate, type VersionRef } from '../../core/authoring/publish-version';
import { principalOf } from '../auth-middleware';
import type { ApiDeps } from '../api-deps';
import { requirePageRole, requireSameOrigin } from './page-session';
import { decideRejudgeFromPage, rejudgePage, startRejudgeFromPage } from './rejudge-page';
import { showUploadPage, uploadFromPage } from './upload-page';
import { versionPage, versionPath } from './version-page';

/** Room for the multipart framing around the archive itself (its own cap is `UPLOAD_MAX_BYTES`). */
const FORM_FRAMING_BYTES = 16_384;

function versionRef(params: Record<string, string | string[]>): VersionRef {
  return { slug: String(params.slug), version: versionParam(params.version) };
}

/**
 * The authoring pages under `/ui`: upload a package, a version's page (its gate live, Publish, run the gate again,
 * start a rejudge), and a rejudge's preview (Apply, Cancel). Reads are for staff; every post is same-origin-checked
 * and for authors and admins, with the ownership rules of the JSON API (the same use cases in `core/`).
 */
export function addAuthoringPages(router: Router, deps: ApiDeps): void {
  const staff = requirePageRole(deps, ['admin', 'author', 'grader']);
  const authors = requirePageRole(deps, ['admin', 'author']);
  const form = express.urlencoded({ extended: false, limit: 16_384, parameterLimit: 10 });
  const multipart = express.raw({ type: 'multipart/form-data', limit: deps.config.UPLOAD_MAX_BYTES + FORM_FRAMING_BYTES });

  router.get('/challenges/upload', authors, (_req, res) => showUploadPage(res, deps.config.UPLOAD_MAX_BYTES));
  router.post('/challenges/upload', requireSameOrigin, authors, (req, res, next) => multipart(req, res, (error?: unknown) => {
    uploadFromPage(deps, req, res, error).catch(next);
  }));
  router.get('/challenges/:slug/versions/:version', staff, (req, res) => versionPage(deps.db, res, versionRef(req.params)));
  router.post('/challenges/:slug/versions/:version/publish', requireSameOrigin, authors, async (req, res) => {
    res.redirect(303, versionPath(await publishVersion(deps.db, versionRef(req.params), principalOf(res))));
  });
  router.post('/challenges/:slug/versions/:version/gate', requireSameOrigin, authors, async (req, res) => {
    const { challenge } = await rerunGate(deps, versionRef(req.params), principalOf(res), deps.config.GATE_RUNS);
    res.redirect(303, versionPath(challenge));
  });

  router.post('/rejudges', requireSameOrigin, authors, form, (req, res) => startRejudgeFromPage(deps, req, res));
  router.get('/rejudges/:id', staff, (req, res) => rejudgePage(deps, req, res));
  router.post('/rejudges/:id/apply', requireSameOrigin, authors, (req, res) => decideRejudgeFromPage(deps, req, res, 'apply'));
  router.post('/rejudges/:id/cancel', requireSameOrigin, authors, (req, res) => decideRejudgeFromPage(deps, req, res, 'cancel'));
}
