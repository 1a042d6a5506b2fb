import type { Router } from 'express';
import { getSubmissionScope } from '../core/assessments/assessment-repository';
import { getChallengeById } from '../core/challenges/challenge-repository';
import { getSubmission } from '../core/submissions/submission-repository';
import { canReadSubmission, submissionNotFound, viewerOf } from '../core/access/access-policy';
import type { Principal } from '../core/access/authenticate';
import { principalOf } from './auth-middleware';
import { requireJson } from './error-middleware';
import { OPERATIONS as ops, addRoute } from './operations';
import { submissionView } from '../core/submissions/submission-view';
import { staffResultHistory } from '../core/submissions/submission-history';
import type { ApiDeps } from './api-deps';
import { streamSubmissionEvents } from './submission-events';
import { submissionBodySchema, submissionIdSchema, submitQuerySchema } from '../core/submissions/submission-schema';
import { awaitVerdict } from '../core/submissions/await-verdict';
import { submitSolution } from '../core/submissions/submit-solution';
import { idempotencyRequest } from '../core/submissions/idempotency';
import { queueEstimate } from '../core/submissions/queue-estimate';
import { parseInput } from './validate';

/** The submission's id if the caller may read it; 404 otherwise (another candidate's looks like a missing one). */
async function readableSubmissionId(deps: ApiDeps, principal: Principal, raw: unknown): Promise<string> {
  const id = submissionIdSchema.safeParse(raw);
  const scope = id.success ? await getSubmissionScope(deps.db, id.data) : undefined;
  if (!id.success || !scope || !canReadSubmission(principal, scope)) throw submissionNotFound();
  return id.data;
}

/** Submitting, reading a submission, and following it live. */
export function addSubmissionRoutes(router: Router, deps: ApiDeps): void {
  const bodySchema = submissionBodySchema(deps.config);
  const querySchema = submitQuerySchema(deps.config);

  addRoute(router, deps, ops.createSubmission, requireJson, async (req, res) => {
    const principal = principalOf(res);
    const { waitSeconds } = Object.keys(req.query).length ? parseInput(querySchema, req.query, 'query string') : { waitSeconds: 0 };
    const body = parseInput(bodySchema, req.body);
    const idempotency = idempotencyRequest(req.get('idempotency-key'), principal, body);
    const { submission: accepted, challenge, replayed } = await submitSolution(deps, principal, body, idempotency);
    if (replayed) res.setHeader('idempotent-replayed', 'true');
    const submission = waitSeconds > 0 ? (await awaitVerdict(deps.db, accepted.id, waitSeconds * 1000)) ?? accepted : accepted;
    if (submission.status === 'finished') {
      res.status(200).location(`/v1/submissions/${submission.id}`).json(submissionView(submission, challenge, viewerOf(principal)));
      return;
    }
    // Written with Node's own methods: express's json() also hashes the body for an ETag, which a POST's answer never uses.
    res.statusCode = 202;
    res.setHeader('location', `/v1/submissions/${submission.id}`);
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(submissionView(submission, challenge, viewerOf(principal))));
  });

  addRoute(router, deps, ops.getSubmission, async (req, res) => {
    const principal = principalOf(res);
    const submission = (await getSubmission(deps.db, await readableSubmissionId(deps, principal, req.params.id)))!;
    const challenge = await getChallengeById(deps.db, submission.challengeId);
    const queue = submission.status === 'queued' ? await queueEstimate(deps.db, submission) : undefined;
    const viewer = viewerOf(principal);
    const history = viewer === 'staff' ? await staffResultHistory(deps.db, submission) : {};
    res.json({ ...submissionView(submission, challenge ?? { slug: 'unknown', version: 0 }, viewer, queue), ...history });
  });

  addRoute(router, deps, ops.submissionEvents, async (req, res) => {
    const principal = principalOf(res);
    const id = await readableSubmissionId(deps, principal, req.params.id);
    await streamSubmissionEvents(deps, req, res, id, viewerOf(principal));
  });
}
