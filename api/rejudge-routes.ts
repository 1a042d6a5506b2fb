import type { Router } from 'express';
import { AppError } from '../core/platform/app-error';
import { applyRejudge, cancelRejudge } from '../core/rejudges/rejudge-repository';
import { uuidSchema } from '../core/assessments/assessment-schema';
import type { Principal } from '../core/access/authenticate';
import { principalOf } from './auth-middleware';
import { requireJson } from './error-middleware';
import { OPERATIONS as ops, addRoute } from './operations';
import { rejudgeBodySchema } from '../core/rejudges/rejudge-schema';
import { createRejudge, readableRejudge, rejudgeView } from '../core/rejudges/rejudges';
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

  addRoute(router, deps, ops.applyRejudge, async (req, res) => {
    const rejudge = await rejudgeOf(req.params.id, principalOf(res));
    const outcome = await applyRejudge(db, rejudge.id);
    if (outcome === 'not_ready') throw new AppError(409, 'rejudge_not_ready', 'Some re-runs are still queued or running; apply once the preview is ready.');
    if (outcome === 'decided') throw new AppError(409, 'rejudge_decided', `This rejudge was already ${rejudge.status}.`);
    res.json(await rejudgeView(db, (await readableRejudge(db, principalOf(res), rejudge.id))));
  });

  addRoute(router, deps, ops.cancelRejudge, async (req, res) => {
    const rejudge = await rejudgeOf(req.params.id, principalOf(res));
    if (!(await cancelRejudge(db, rejudge.id))) throw new AppError(409, 'rejudge_decided', `This rejudge was already ${rejudge.status}.`);
    res.json(await rejudgeView(db, (await readableRejudge(db, principalOf(res), rejudge.id))));
  });
}
