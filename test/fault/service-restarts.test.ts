/**
 * Redis restarted with its data lost, PostgreSQL restarted, dockerd stopped and started, each under a stream of
 * submissions: every accepted (202) submission reaches exactly one final verdict, and no container is left.
 * PostgreSQL and Redis are this file's own throwaway servers; the Docker Engine is the machine's, so its test runs
 * only with JUDGE_FAULT_RESTART_DOCKER=1 (CI sets it).
 */
import type { TestContext } from '../helpers/test-context';
import {
  assertNothingLostAndClean, killLeftoverWorkers, mayRestartDocker, restartDockerd, RESTART_DOCKER_ENV, sleep, solutionFiles, spawnWorker,
  startFaultContext, stopGracefully, submitSolution, waitAllFinished, type FaultContext,
} from './fault-helpers';

let fault: FaultContext;
let ctx: TestContext;
beforeAll(async () => {
  fault = await startFaultContext();
  ctx = fault.ctx;
});
// a test that failed before stopping its worker must not leave it judging (and holding containers) in the next one
afterEach(() => killLeftoverWorkers());
afterAll(async () => {
  await fault?.close();
});

/** Sends `count` submissions, one every `everyMs`, running `inject` after `faultAfter` of them; returns the accepted ids. */
async function streamWithFault(count: number, everyMs: number, faultAfter: number, inject: () => Promise<void>): Promise<{ accepted: string[]; refused: number }> {
  const files = await solutionFiles('rag-chunking', 'reference');
  const accepted: string[] = [];
  let refused = 0;
  let faultDone: Promise<void> = Promise.resolve();
  for (let i = 0; i < count; i++) {
    if (i === faultAfter) faultDone = inject();
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
  const { accepted, refused } = await streamWithFault(10, 300, 4, () => fault.redis.restart(1_500));
  expect(refused).toBe(0); // the API stores first; a failed enqueue is the reconciler's job
  const rows = await waitAllFinished(ctx, accepted);
  expect(rows.filter((r) => r.verdict !== 'accepted')).toEqual([]);
  expect(await stopGracefully(worker)).toBe(0);
  await assertNothingLostAndClean(ctx, [worker.pid!]);
});

test('PostgreSQL restarts: writes during the outage are refused cleanly, every accepted one is judged once', async () => {
  const worker = spawnWorker(ctx.config);
  const { accepted } = await streamWithFault(10, 300, 3, () => fault.postgres.restart());
  expect(accepted.length).toBeGreaterThan(0);
  const rows = await waitAllFinished(ctx, accepted);
  expect(rows.filter((r) => r.verdict !== 'accepted')).toEqual([]);
  expect(await stopGracefully(worker)).toBe(0);
  await assertNothingLostAndClean(ctx, [worker.pid!]);
});

const dockerTest = mayRestartDocker ? test : test.skip;
const dockerTestName = 'dockerd is down for longer than every retry together: runs wait for it, each ends with its true verdict'
  + (mayRestartDocker ? '' : ` (skipped: it restarts the shared Docker Engine; ${RESTART_DOCKER_ENV}=1 runs it)`);
dockerTest(dockerTestName, async () => {
  const worker = spawnWorker(ctx.config);
  // 5 attempts with backoff 1+2+4+8 s would be used up in 15 s; an outage does not use them up
  const { accepted } = await streamWithFault(8, 250, 2, () => restartDockerd(16_000));
  const rows = await waitAllFinished(ctx, accepted);
  expect(rows.map((r) => r.verdict)).toEqual(accepted.map(() => 'accepted'));
  expect(Math.max(...rows.map((r) => r.attempts))).toBeLessThanOrEqual(2);
  expect(await stopGracefully(worker)).toBe(0);
  await assertNothingLostAndClean(ctx, [worker.pid!]);
});
