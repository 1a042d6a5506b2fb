/**
 * Per-candidate limits hold across API processes: two APIs on different ports, each with its own Redis connection,
 * share one candidate's per-minute and in-flight budgets. Staff are not limited; Redis being down lets submissions in.
 */
import { startApi, type RunningApi } from '../../api/start-api';
import type { Config } from '../../core/platform/config';
import { finishSubmission } from '../../core/submissions/submission-repository';
import { createRedis } from '../../core/submissions/submission-queue';
import { internalErrorResult } from '../../core/results/build-result';
import { createTestContext, countSubmissions, silentLog, type TestContext } from '../helpers/test-context';
import { createAssessment, invite, submit } from '../helpers/assessment-fixtures';

let ctx: TestContext;
let assessmentId: string;
const started: Array<{ api: RunningApi; redis: ReturnType<typeof createRedis> }> = [];

beforeAll(async () => {
  ctx = await createTestContext();
  assessmentId = (await createAssessment(ctx, {})).id;
});
afterAll(async () => {
  for (const { api, redis } of started) {
    await api.close();
    redis.disconnect();
  }
  await ctx.close();
});

/** Another API process: same database and queue, its own Redis connection and limits. */
async function anotherApi(limits: Partial<Config>, redisUrl = ctx.config.REDIS_URL): Promise<string> {
  const redis = createRedis(redisUrl, { maxRetriesPerRequest: 0, retryStrategy: () => null });
  const api = await startApi({ ...ctx, redis, config: { ...ctx.config, ...limits }, log: silentLog }, 0, '127.0.0.1');
  started.push({ api, redis });
  return api.url;
}

test('submissions per minute: the fourth of three, on the other API, is 429 rate_limited with Retry-After', async () => {
  const limits = { CANDIDATE_SUBMISSIONS_PER_MINUTE: 3, CANDIDATE_MAX_IN_FLIGHT: 50 };
  const [a, b] = [await anotherApi(limits), await anotherApi(limits)];
  const { token } = await invite(ctx, assessmentId);
  for (const url of [a, b, a]) expect((await submit(ctx, token, undefined, url)).status).toBe(202);
  const before = await countSubmissions(ctx);
  const res = await submit(ctx, token, undefined, b);
  expect(res.status).toBe(429);
  expect(res.json.error).toEqual({ code: 'rate_limited', message: expect.stringMatching(/At most 3 submissions per minute/), details: { retryAfterSeconds: expect.any(Number) } });
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(retryAfter).toBe(res.json.error.details.retryAfterSeconds);
  expect(await countSubmissions(ctx)).toBe(before);

  const other = await invite(ctx, assessmentId);
  expect((await submit(ctx, other.token, undefined, a)).status).toBe(202); // limits are per candidate
});

test('in flight: a third queued submission is 429 too_many_in_flight until one finishes', async () => {
  const limits = { CANDIDATE_SUBMISSIONS_PER_MINUTE: 100, CANDIDATE_MAX_IN_FLIGHT: 2 };
  const [a, b] = [await anotherApi(limits), await anotherApi(limits)];
  const { token } = await invite(ctx, assessmentId);
  const first = await submit(ctx, token, undefined, a);
  expect(first.status).toBe(202);
  expect((await submit(ctx, token, undefined, b)).status).toBe(202);
  const refused = await submit(ctx, token, undefined, a);
  expect(refused.status).toBe(429);
  expect(refused.json.error.code).toBe('too_many_in_flight');
  expect([refused.headers.get('retry-after'), refused.json.error.details]).toEqual(['5', { retryAfterSeconds: 5 }]);

  await finishSubmission(ctx.db, first.json.id, internalErrorResult([]));
  expect((await submit(ctx, token, undefined, b)).status).toBe(202);
  expect((await submit(ctx, token, undefined, a)).status).toBe(429);
});

test('concurrent submissions through both APIs never exceed the in-flight limit', async () => {
  const limits = { CANDIDATE_SUBMISSIONS_PER_MINUTE: 100, CANDIDATE_MAX_IN_FLIGHT: 3 };
  const [a, b] = [await anotherApi(limits), await anotherApi(limits)];
  const { token } = await invite(ctx, assessmentId);
  const results = await Promise.all(Array.from({ length: 10 }, (_, i) => submit(ctx, token, undefined, i % 2 ? a : b)));
  expect(results.filter((r) => r.status === 202)).toHaveLength(3);
  expect(results.filter((r) => r.status === 429)).toHaveLength(7);
});

test('staff are not limited', async () => {
  const url = await anotherApi({ CANDIDATE_SUBMISSIONS_PER_MINUTE: 1, CANDIDATE_MAX_IN_FLIGHT: 1 });
  for (let i = 0; i < 3; i += 1) expect((await submit(ctx, ctx.adminToken, undefined, url)).status).toBe(202);
});

test('when Redis does not answer the limits, a candidate submission is let through rather than refused', async () => {
  const url = await anotherApi({ CANDIDATE_SUBMISSIONS_PER_MINUTE: 1 }, 'redis://127.0.0.1:1');
  const { token } = await invite(ctx, assessmentId);
  expect((await submit(ctx, token, undefined, url)).status).toBe(202);
});
