import type { Router } from 'express';
import { AppError } from '../core/platform/app-error';
import { listTokens, revokeToken } from '../core/access/token-repository';
import { issueStaffToken } from '../core/access/issue-token';
import { candidateWindow } from '../core/assessments/assessment-window';
import { principalOf } from './auth-middleware';
import { requireJson } from './error-middleware';
import { OPERATIONS as ops, addRoute } from './operations';
import { assessmentView, tokenView } from '../core/assessments/assessment-view';
import type { ApiDeps } from './api-deps';
import { uuidSchema } from '../core/assessments/assessment-schema';
import { tokenBodySchema } from '../core/access/token-schema';
import { parseInput } from './validate';

/** `/v1/me` and the admin's token management. */
export function addTokenRoutes(router: Router, deps: ApiDeps): void {
  addRoute(router, deps, ops.me, async (_req, res) => {
    const p = principalOf(res);
    const base = { role: p.role, name: p.name, tokenId: p.tokenId, expiresAt: p.expiresAt };
    if (!p.candidate) return void res.json(base);
    const { invite, assessment } = p.candidate;
    const { challenges, name, opensAt, closesAt, durationMinutes, languages } = assessmentView(assessment);
    const { deadline, state } = candidateWindow(assessment, invite);
    res.json({
      ...base,
      invite: { id: invite.id, name: invite.name, email: invite.email, startedAt: invite.startedAt, deadline, state },
      assessment: { id: assessment.id, name, challenges, opensAt, closesAt, durationMinutes, languages },
    });
  });

  addRoute(router, deps, ops.createToken, requireJson, async (req, res) => {
    const token = await issueStaffToken(deps.db, principalOf(res), parseInput(tokenBodySchema, req.body));
    deps.log.info({ tokenId: token.id, role: token.role, by: principalOf(res).tokenId ?? 'bootstrap' }, 'token issued');
    res.status(201).json({ token: token.secret, id: token.id, role: token.role, name: token.name, expiresAt: token.expiresAt });
  });

  addRoute(router, deps, ops.listTokens, async (_req, res) => {
    res.json({ tokens: (await listTokens(deps.db)).map(tokenView) });
  });

  addRoute(router, deps, ops.revokeToken, async (req, res) => {
    const id = uuidSchema.safeParse(req.params.id);
    const token = id.success ? await revokeToken(deps.db, id.data) : undefined;
    if (!token) throw new AppError(404, 'token_not_found', 'No such token.');
    deps.log.info({ tokenId: token.id, by: principalOf(res).tokenId ?? 'bootstrap' }, 'token revoked');
    res.status(204).end();
  });
}
