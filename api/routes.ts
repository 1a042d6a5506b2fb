import { Router } from 'express';
import type { Queue } from 'bullmq';
import type Docker from 'dockerode';
import type IORedis from 'ioredis';
import type { Logger } from 'pino';
import { AppError } from '../lib/app-error';
import { findPublishedChallenge, getChallengeById, listPublishedChallenges } from '../lib/challenge-repository';
import type { Config } from '../lib/config';
import type { Db } from '../lib/db';
import type { JudgeJob } from '../lib/submission-queue';
import { getSubmission } from '../lib/submission-repository';
import { requireJson } from './error-middleware';
import { checkReadiness } from './readiness';
import { challengeDetail, challengeSummary, submissionView } from './present';
import { submissionBodySchema, submissionIdSchema } from './submission-schema';
import { submitSolution } from './submit-solution';
import { parseInput } from './validate';

export interface ApiDeps {
  db: Db;
  queue: Queue<JudgeJob>;
  /** The queue's Redis connection, pinged by /readyz. */
  redis: IORedis;
  docker: Docker;
  config: Config;
  log: Logger;
}

/** The HTTP routes: each parses its input and calls one plain function. */
export function createRoutes(deps: ApiDeps): Router {
  const router = Router();
  const bodySchema = submissionBodySchema(deps.config);

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    const readiness = await checkReadiness(deps);
    res.status(readiness.ready ? 200 : 503).json(readiness);
  });

  router.get('/v1/challenges', async (_req, res) => {
    res.json({ challenges: (await listPublishedChallenges(deps.db)).map(challengeSummary) });
  });

  router.get('/v1/challenges/:slug', async (req, res) => {
    const challenge = await findPublishedChallenge(deps.db, req.params.slug);
    if (!challenge) throw new AppError(404, 'challenge_not_found', `There is no published challenge "${req.params.slug}".`);
    res.json(challengeDetail(challenge));
  });

  router.post('/v1/submissions', requireJson, async (req, res) => {
    const body = parseInput(bodySchema, req.body);
    const { submission, challenge } = await submitSolution(deps, body);
    res.status(202).location(`/v1/submissions/${submission.id}`).json(submissionView(submission, challenge));
  });

  router.get('/v1/submissions/:id', async (req, res) => {
    const id = submissionIdSchema.safeParse(req.params.id);
    const submission = id.success ? await getSubmission(deps.db, id.data) : undefined;
    if (!submission) throw new AppError(404, 'submission_not_found', 'No such submission.');
    const challenge = await getChallengeById(deps.db, submission.challengeId);
    res.json(submissionView(submission, challenge ?? { slug: 'unknown', version: 0 }));
  });

  return router;
}
