import type { Queue } from 'bullmq';
import { createFetchWatchdog } from '../../worker/fetch-watchdog';

function setup(waiting: number) {
  let clock = 0;
  const counts = { waiting, prioritized: 0 };
  const queue = { getJobCounts: async () => counts } as unknown as Queue;
  const watchdog = createFetchWatchdog(() => queue, 1_000, () => clock);
  return { watchdog, counts, advance: (ms: number) => { clock += ms; } };
}

test('an idle worker with jobs waiting is stuck once it has stayed so for the whole period', async () => {
  const { watchdog, advance } = setup(3);
  advance(1_000);
  expect(await watchdog.isStuck()).toBe(false); // first seen idle with work now
  advance(999);
  expect(await watchdog.isStuck()).toBe(false);
  advance(1);
  expect(await watchdog.isStuck()).toBe(true);
  watchdog.reset();
  expect(await watchdog.isStuck()).toBe(false);
});

test('a worker with a job in flight, or that started one lately, or with nothing to take, is not stuck', async () => {
  const { watchdog, counts, advance } = setup(3);
  watchdog.started();
  advance(5_000);
  expect(await watchdog.isStuck()).toBe(false);
  advance(5_000);
  expect(await watchdog.isStuck()).toBe(false);
  watchdog.finished();
  watchdog.started();
  watchdog.finished();
  advance(500);
  expect(await watchdog.isStuck()).toBe(false);
  counts.waiting = 0;
  advance(5_000);
  expect(await watchdog.isStuck()).toBe(false);
  advance(5_000);
  expect(await watchdog.isStuck()).toBe(false);
});
