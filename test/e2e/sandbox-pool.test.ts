import pino from 'pino';
import { getConfig } from '../../core/platform/config';
import { createDocker } from '../../sandbox/docker-client';
import { runInSandbox } from '../../sandbox/run-in-sandbox';
import { SandboxPool } from '../../sandbox/sandbox-pool';
import { sandboxLimitsFor } from '../../core/judging/judge-files';

const docker = createDocker(getConfig().docker);
const config = getConfig();
const limits = sandboxLimitsFor(config, 128);
const labels = { 'ai-judge.test': `pool-${process.pid}` };
let pool: SandboxPool;

async function ours() {
  return docker.listContainers({ all: true, filters: { label: [`ai-judge.test=pool-${process.pid}`] } });
}

async function until(check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(() => {
  pool = new SandboxPool(docker, { image: config.SANDBOX_IMAGE, limits, size: 2, maxIdleMs: 60_000, labels, log: pino({ level: 'silent' }) });
  pool.start();
});
afterAll(async () => pool.close());

test('fills to its size with started containers', async () => {
  await until(() => pool.idle === 2);
  const running = (await ours()).filter((c) => c.State === 'running');
  expect(running).toHaveLength(2);
});

test('hands out each container once, removes it after the run, and refills', async () => {
  await until(() => pool.idle === 2);
  const first = pool.take({ image: config.SANDBOX_IMAGE, limits })!;
  const second = pool.take({ image: config.SANDBOX_IMAGE, limits })!;
  expect(first.id).not.toBe(second.id);
  expect(pool.take({ image: config.SANDBOX_IMAGE, limits })).toBeUndefined();
  await Promise.all([first.dispose(), second.dispose()]);
  pool.refill();
  await until(() => pool.idle === 2);
  const ids = (await ours()).map((c) => c.Id);
  expect(ids).not.toContain(first.id);
  expect(ids).not.toContain(second.id);
});

test('other limits are not served from the pool', () => {
  expect(pool.take({ image: config.SANDBOX_IMAGE, limits: { ...limits, memoryMb: limits.memoryMb + 1 } })).toBeUndefined();
});

test('a run with its own command is not served from the pool', () => {
  expect(pool.take({ image: config.SANDBOX_IMAGE, limits, command: ['/usr/bin/node', '-e', ''] })).toBeUndefined();
});

test('a pooled container that died while waiting is skipped, not used', async () => {
  await until(() => pool.idle === 2);
  const victims = (await ours()).filter((c) => c.State === 'running');
  await Promise.all(victims.map((c) => docker.getContainer(c.Id).kill().catch(() => undefined)));
  await new Promise((r) => setTimeout(r, 500));
  expect(pool.take({ image: config.SANDBOX_IMAGE, limits })).toBeUndefined();
});

test('runInSandbox uses a warm container and the run is judged normally', async () => {
  await until(() => pool.idle >= 1, 30_000);
  let pooled = false;
  const outcome = await runInSandbox(docker, {
    image: config.SANDBOX_IMAGE, stdin: 'not json', wallTimeMs: 5_000, outputLimitBytes: 1 << 20, limits, labels,
    onContainer: (container) => { pooled = container.pooled; },
  }, pool);
  expect(pooled).toBe(true);
  expect(outcome.exitCode).toBe(70); // the harness refuses a payload that is not JSON
});

test('close removes every container, including ones still starting', async () => {
  pool.refill();
  await pool.close();
  expect(await ours()).toEqual([]);
});

test('while containers cannot start (Docker down, image gone), takes do not retry on every call: it backs off', async () => {
  const warnings: Array<{ failures: number; retryInMs: number }> = [];
  const log = { warn: (fields: { failures: number; retryInMs: number }) => warnings.push(fields) } as unknown as pino.Logger;
  const broken = new SandboxPool(docker, { image: 'ai-judge-no-such-image:none', limits, size: 2, maxIdleMs: 60_000, labels, log });
  broken.start();
  const until2s = Date.now() + 2_000;
  while (Date.now() < until2s) {
    expect(broken.take({ image: 'ai-judge-no-such-image:none', limits })).toBeUndefined();
    await new Promise((r) => setTimeout(r, 20));
  }
  await broken.close();
  // ~100 takes in 2 s; starts at about 0, 0.5 and 1.5 s (backoff 500 ms doubling), logged the first time
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toMatchObject({ failures: 1, retryInMs: 500 });
});
