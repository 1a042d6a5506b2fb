import type { Router } from 'express';
import { AppError } from '../core/platform/app-error';
import { uuidSchema } from '../core/assessments/assessment-schema';
import type { Principal } from '../core/access/authenticate';
import { principalOf } from './auth-middleware';
import { requireJson } from './error-middleware';
import { OPERATIONS as ops, addRoute } from './operations';
import { rejudgeBodySchema } from '../core/rejudges/rejudge-schema';
import { createRejudge, decideRejudge, readableRejudge, rejudgeView } from '../core/rejudges/rejudges';
import type { ApiDeps } from './api-deps';
import { parseInput } from './validate';

/** Rejudges: preview (re-run through the queue), read the comparison, apply (history kept) or cancel. */
export function addRejudgeRoutes(router: Router, deps: ApiDeps): void {
  const { db } = deps;
  const rejudgeOf = (raw: unknown, principal: Principal) => {
    const id = uuidSchema.safeParse(raw);
    if (!id.success) throw new AppError(404, 'rejudge_not_found', 'No such rejudge.');
    return readableRejudge(db, principal, id.data);
  };

  addRoute(router, deps, ops.createRejudge, requireJson, async (req, res) => {
    const rejudge = await createRejudge(deps, principalOf(res), parseInput(rejudgeBodySchema, req.body));
    res.status(201).location(`/v1/rejudges/${rejudge.id}`).json(await rejudgeView(db, rejudge));
  });

  addRoute(router, deps, ops.getRejudge, async (req, res) => {
    res.json(await rejudgeView(db, await rejudgeOf(req.params.id, principalOf(res))));
  });

  for (const [op, decision] of [[ops.applyRejudge, 'apply'], [ops.cancelRejudge, 'cancel']] as const) {
    addRoute(router, deps, op, async (req, res) => {
      const rejudge = await rejudgeOf(req.params.id, principalOf(res));
      res.json(await rejudgeView(db, await decideRejudge(db, principalOf(res), rejudge.id, decision)));
    });
  }
}
