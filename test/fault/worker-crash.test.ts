/**
 * Workers are killed with SIGKILL at different moments of judging (starting a container, running tests, writing the
 * result); every accepted submission still ends with exactly one verdict, the right one, and no container is left.
 * Also: SIGTERM lets a worker finish its job and leave nothing behind.
 */
import type { TestContext } from '../helpers/test-context';
import {
  assertNothingLostAndClean, killHard, sleep, solutionFiles, spawnWorker, startFaultContext, stopGracefully, submitSolution, waitAllFinished,
  type FaultContext,
} from './fault-helpers';

// on the suite's own throwaway PostgreSQL and Redis, like service-restarts.test.ts: the killed workers' half-done
// work is left in servers nobody else uses
let fault: FaultContext;
let ctx: TestContext;
const pids: number[] = [];
beforeAll(async () => {
  fault = await startFaultContext();
  ctx = fault.ctx;
});
afterAll(async () => {
  await fault?.close();
});

async function statusCounts(ids: string[]) {
  const { rows } = await ctx.db.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM submissions WHERE id = ANY($1::uuid[]) GROUP BY status', [ids]);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

test('SIGKILL at several stages of judging loses nothing and records each verdict once', async () => {
  const reference = await solutionFiles('rag-chunking', 'reference');
  const slow = await solutionFiles('rag-chunking', 'quadratic'); // runs its tests for ~5 s
  const partial = await solutionFiles('rag-chunking', 'no-overlap');
  const plan: Array<[Record<string, string>, string]> = [
    [slow, 'time_limit'], [reference, 'accepted'], [partial, 'partial'], [slow, 'time_limit'],
    [reference, 'accepted'], [partial, 'partial'], [reference, 'accepted'], [slow, 'time_limit'],
  ];
  const ids: string[] = [];
  for (const [files] of plan) ids.push((await submitSolution(ctx, 'rag-chunking', files))!);
  expect(ids).not.toContain(undefined); // the API accepted every one

  // kill 1: right after the first job starts (container starting / compiling)
  let worker = spawnWorker(ctx.config);
  pids.push(worker.pid!);
  for (let i = 0; i < 200 && !(await statusCounts(ids)).running; i++) await sleep(50);
  await killHard(worker);
  // kill 2: in the middle of the slow solution's tests
  worker = spawnWorker(ctx.config);
  pids.push(worker.pid!);
  await sleep(3_500);
  await killHard(worker);
  // kill 3: a moment later, when results are being written for the fast ones
  worker = spawnWorker(ctx.config);
  pids.push(worker.pid!);
  await sleep(6_000);
  await killHard(worker);
  // a survivor finishes the work
  worker = spawnWorker(ctx.config);
  pids.push(worker.pid!);
  const rows = await waitAllFinished(ctx, ids);
  expect(await stopGracefully(worker)).toBe(0);

  const verdictOf = new Map(rows.map((r) => [r.id, r.verdict]));
  expect(ids.map((id) => verdictOf.get(id))).toEqual(plan.map(([, verdict]) => verdict));
  await assertNothingLostAndClean(ctx, pids);
});

test('SIGTERM lets a worker finish its running job and leave no container', async () => {
  const slow = await solutionFiles('rag-chunking', 'quadratic');
  const id = (await submitSolution(ctx, 'rag-chunking', slow))!;
  const worker = spawnWorker(ctx.config);
  pids.push(worker.pid!);
  for (let i = 0; i < 200 && (await statusCounts([id])).running !== 1; i++) await sleep(50);
  expect(await stopGracefully(worker)).toBe(0);
  const { rows } = await ctx.db.query('SELECT status, verdict FROM submissions WHERE id = $1', [id]);
  expect(rows[0]).toEqual({ status: 'finished', verdict: 'time_limit' });
  await assertNothingLostAndClean(ctx, pids);
});
