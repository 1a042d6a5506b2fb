import type { Router } from 'express';
import { viewerOf } from '../core/access/access-policy';
import type { Principal } from '../core/access/authenticate';
import { draftBodySchema, draftKeySchema } from '../core/drafts/draft-schema';
import { lastSubmission, readDraft, writeDraft, type DraftView } from '../core/drafts/drafts';
import { startPracticeRun } from '../core/submissions/practice-runs';
import { submissionBodySchema } from '../core/submissions/submission-schema';
import { submissionView } from '../core/submissions/submission-view';
import type { ApiDeps } from './api-deps';
import { principalOf } from './auth-middleware';
import { requireJson } from './error-middleware';
import { OPERATIONS as ops, addRoute } from './operations';
import { parseInput } from './validate';

/** Saves a draft from a parsed key and a raw body: shared by `PUT /v1/drafts/...` and the editor's same-origin post. */
export function saveDraftFrom(deps: ApiDeps, principal: Principal, params: unknown, body: unknown): Promise<DraftView> {
  const key = parseInput(draftKeySchema, params, 'path');
  const { files } = parseInput(draftBodySchema(deps.config), body);
  return writeDraft(deps.db, principal, key.slug, key.language, files);
}

/** Starts a practice run from a raw body; answers the run as the caller may see it (shared like `saveDraftFrom`). */
export async function practiceRunFrom(deps: ApiDeps, principal: Principal, body: unknown) {
  const { run, challenge } = await startPracticeRun(deps, principal, parseInput(submissionBodySchema(deps.config), body));
  return submissionView(run, challenge, viewerOf(principal));
}

/** The candidate editor's JSON operations: drafts, the latest submission to restore, practice runs. */
export function addEditorRoutes(router: Router, deps: ApiDeps): void {
  addRoute(router, deps, ops.getDraft, async (req, res) => {
    const key = parseInput(draftKeySchema, { slug: req.params.slug, language: req.params.language }, 'path');
    res.json(await readDraft(deps.db, principalOf(res), key.slug, key.language));
  });
  addRoute(router, deps, ops.saveDraft, requireJson, async (req, res) => {
    res.json(await saveDraftFrom(deps, principalOf(res), { slug: req.params.slug, language: req.params.language }, req.body));
  });
  addRoute(router, deps, ops.getLatestSubmission, async (req, res) => {
    res.json(await lastSubmission(deps.db, principalOf(res), String(req.params.slug)));
  });
  addRoute(router, deps, ops.createPracticeRun, requireJson, async (req, res) => {
    const view = await practiceRunFrom(deps, principalOf(res), req.body);
    res.status(202).location(`/v1/submissions/${view.id}`).json(view);
  });
}
