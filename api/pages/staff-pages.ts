import express, { type Router } from 'express';
import type { ApiDeps } from '../api-deps';
import { requirePageRole, requireSameOrigin } from './page-session';
import { assessmentFormPage, saveAssessmentForm } from './assessment-form-page';
import { invitePage } from './invite-list-page';
import { closeFromPage, extendFromPage, inviteCsvFromPage, inviteOneFromPage, linkFromPage, revokeFromPage } from './invite-actions';
import { issueTokenFromPage, revokeTokenFromPage, tokensPage } from './tokens-page';
import { inviteLinkPage, redeemInvitePage } from './invite-link-page';
import { comparisonPage, sideBySidePage } from './comparison-pages';

/**
 * The hiring team's pages: the assessment form (create, edit), the assessment with its invites (close, invite one or
 * by CSV, revoke, extend, invite links), the candidates compared (a table, two side by side), the admins' tokens page, and the candidates' invite-link sign-in. Mounted
 * before `/assessments/:id` so `new` is not taken for an id. Every write is a same-origin form post.
 */
export function addStaffPages(router: Router, deps: ApiDeps): void {
  const readers = requirePageRole(deps, ['admin', 'author', 'grader']);
  const writers = requirePageRole(deps, ['admin', 'author']);
  const admins = requirePageRole(deps, ['admin']);
  const form = express.urlencoded({ extended: false, limit: deps.config.MAX_BODY_BYTES, parameterLimit: 200 });
  const post = [requireSameOrigin, writers, form];
  const { db } = deps;

  router.get('/invite/:code', (req, res) => inviteLinkPage(db, req, res));
  router.post('/invite/:code', requireSameOrigin, (req, res) => redeemInvitePage(db, req, res));

  router.get('/assessments/new', writers, (req, res) => assessmentFormPage(db, req, res, false));
  router.post('/assessments', ...post, (req, res) => saveAssessmentForm(deps, req, res, false));
  router.get('/assessments/:id/edit', writers, (req, res) => assessmentFormPage(db, req, res, true));
  router.post('/assessments/:id/edit', ...post, (req, res) => saveAssessmentForm(deps, req, res, true));
  router.get('/assessments/:id/compare', readers, (req, res) => comparisonPage(db, req, res));
  router.get('/assessments/:id/compare/:slug', readers, (req, res) => sideBySidePage(db, req, res));
  router.get('/assessments/:id/invites', readers, (req, res) => invitePage(db, req, res));
  router.post('/assessments/:id/close', ...post, (req, res) => closeFromPage(deps, req, res));
  router.post('/assessments/:id/invites', ...post, (req, res) => inviteOneFromPage(deps, req, res));
  router.post('/assessments/:id/invites/csv', ...post, (req, res) => inviteCsvFromPage(deps, req, res));
  router.post('/assessments/:id/invites/:inviteId/revoke', ...post, (req, res) => revokeFromPage(deps, req, res));
  router.post('/assessments/:id/invites/:inviteId/extend', ...post, (req, res) => extendFromPage(deps, req, res));
  router.post('/assessments/:id/invites/:inviteId/link', ...post, (req, res) => linkFromPage(deps, req, res));

  router.get('/tokens', admins, (_req, res) => tokensPage(db, res));
  router.post('/tokens', requireSameOrigin, admins, form, (req, res) => issueTokenFromPage(db, req, res));
  router.post('/tokens/:id/revoke', requireSameOrigin, admins, form, (req, res) => revokeTokenFromPage(db, req, res));
}
