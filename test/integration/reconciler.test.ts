import { reconcile } from '../../worker/reconciler';
import { insertSubmission, getSubmission } from '../../core/submissions/submission-repository';
import { findPublishedChallenge } from '../../core/challenges/challenge-repository';
import { insertGateRun } from '../../core/gate/gate-run-repository';
import { createTestContext, silentLog, type TestContext } from '../helpers/test-context';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx.close());

async function staleQueuedSubmission(attempts = 0): Promise<string> {
  const challenge = await findPublishedChallenge(ctx.db, 'rag-chunking');
  const s = await insertSubmission(ctx.db, { challengeId: challenge!.id, language: 'typescript', files: { 'src/solution.ts': 'x' } });
  await ctx.db.query(`UPDATE submissions SET updated_at = now() - interval '1 hour', attempts = $2 WHERE id = $1`, [s.id, attempts]);
  return s.id;
}

test('a stored submission the queue lost (Redis flushed, enqueue failed) is enqueued again, once', async () => {
  const id = await staleQueuedSubmission();
  expect(await ctx.queue.getJob(id)).toBeUndefined();
  const config = { ...ctx.config, RECONCILE_AFTER_MS: 1_000 };
  expect(await reconcile(ctx.db, ctx.queue, config, silentLog, [])).toContain(id);
  expect((await ctx.queue.getJob(id))?.data).toEqual({ submissionId: id });
  await ctx.db.query(`UPDATE submissions SET updated_at = now() - interval '1 hour' WHERE id = $1`, [id]);
  expect(await reconcile(ctx.db, ctx.queue, config, silentLog, [])).not.toContain(id); // the queue holds it now
});

test('a submission that used up its attempts twice over ends as internal_error with the cause, and its webhook hook fires once', async () => {
  const id = await staleQueuedSubmission(ctx.config.JOB_ATTEMPTS * 2);
  const finished: string[] = [];
  const onFinished = [async (submission: { id: string }) => { finished.push(submission.id); }];
  await reconcile(ctx.db, ctx.queue, { ...ctx.config, RECONCILE_AFTER_MS: 1_000 }, silentLog, onFinished);
  const s = await getSubmission(ctx.db, id);
  expect(s).toMatchObject({ status: 'finished', verdict: 'internal_error' });
  expect(s!.error).toMatch(/gave up/);
  await reconcile(ctx.db, ctx.queue, { ...ctx.config, RECONCILE_AFTER_MS: 1_000 }, silentLog, onFinished);
  expect(finished).toEqual([id]);
});

test('a lost gate row is enqueued again behind candidates (background priority), a candidate row without one', async () => {
  const challenge = (await findPublishedChallenge(ctx.db, 'rag-chunking'))!;
  const { submissionIds: [gateId] } = await insertGateRun(ctx.db, { challengeId: challenge.id, runs: 1, createdBy: null, submissions: [{ solution: 'reference', language: 'typescript', files: { 'src/solution.ts': 'x' } }] });
  await ctx.db.query(`UPDATE submissions SET updated_at = now() - interval '1 hour' WHERE id = $1`, [gateId]);
  const candidateId = await staleQueuedSubmission();
  await reconcile(ctx.db, ctx.queue, { ...ctx.config, RECONCILE_AFTER_MS: 1_000 }, silentLog, []);
  expect((await ctx.queue.getJob(gateId!))?.opts.priority).toBeGreaterThan(0);
  expect((await ctx.queue.getJob(candidateId))?.opts.priority ?? 0).toBe(0);
});
