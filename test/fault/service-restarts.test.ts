/**
 * Redis restarted with its data lost, PostgreSQL restarted, dockerd stopped and started, each under a stream of
 * submissions: every accepted (202) submission reaches exactly one final verdict, and no container is left.
 */
import { createTestContext, type TestContext } from '../helpers/test-context';
import {
  assertNothingLostAndClean, FAST_RECOVERY, killLeftoverWorkers, restartDockerd, restartPostgres, restartRedis, sleep, solutionFiles, spawnWorker,
  stopGracefully, submitSolution, waitAllFinished,
} from './fault-helpers';

let ctx: TestContext;
const pids: number[] = [];
beforeAll(async () => {
  ctx = await createTestContext({ config: FAST_RECOVERY });
});
afterAll(async () => {
  await killLeftoverWorkers();
  await ctx.close();
});

/** Sends `count` submissions, one every `everyMs`, running `fault` after `faultAfter` of them; returns the accepted ids. */
async function streamWithFault(count: number, everyMs: number, faultAfter: number, fault: () => Promise<void>): Promise<{ accepted: string[]; refused: number }> {
  const files = await solutionFiles('rag-chunking', 'reference');
  const accepted: string[] = [];
  let refused = 0;
  let faultDone: Promise<void> = Promise.resolve();
  for (let i = 0; i < count; i++) {
    if (i === faultAfter) faultDone = fault();
    const id = await submitSolution(ctx, 'rag-chunking', files);
    if (id) accepted.push(id);
    else refused++;
    await sleep(everyMs);
  }
  await faultDone;
  return { accepted, refused };
}

test('Redis restarts and loses every key: stored submissions are re-enqueued and judged', async () => {
  const worker = spawnWorker(ctx.config);
  pids.push(worker.pid!);
  const { accepted, refused } = await streamWithFault(10, 300, 4, () => restartRedis(ctx.config.REDIS_URL));
  expect(refused).toBe(0); // the API stores first; a failed enqueue is the reconciler's job
  const rows = await waitAllFinished(ctx, accepted);
  expect(rows.every((r) => r.verdict === 'accepted')).toBe(true);
  expect(await stopGracefully(worker)).toBe(0);
  await assertNothingLostAndClean(ctx, pids);
});

test('PostgreSQL restarts: writes during the outage are refused cleanly, every accepted one is judged once', async () => {
  const worker = spawnWorker(ctx.config);
  pids.push(worker.pid!);
  const { accepted } = await streamWithFault(10, 300, 3, () => restartPostgres(ctx.config.DATABASE_URL));
  expect(accepted.length).toBeGreaterThan(0);
  const rows = await waitAllFinished(ctx, accepted);
  expect(rows.every((r) => r.verdict === 'accepted')).toBe(true);
  expect(await stopGracefully(worker)).toBe(0);
  await assertNothingLostAndClean(ctx, pids);
});

test('dockerd stops and starts mid-run: runs are retried, each ends with one verdict', async () => {
  const worker = spawnWorker(ctx.config);
  pids.push(worker.pid!);
  const { accepted } = await streamWithFault(8, 250, 2, () => restartDockerd());
  const rows = await waitAllFinished(ctx, accepted);
  // a run that lost its container is retried; past the retries it would be internal_error, never a wrong verdict
  expect(rows.every((r) => r.verdict === 'accepted' || r.verdict === 'internal_error')).toBe(true);
  expect(rows.filter((r) => r.verdict === 'accepted').length).toBeGreaterThan(0);
  expect(await stopGracefully(worker)).toBe(0);
  await assertNothingLostAndClean(ctx, pids);
});
