/**
 * The harness's ordering and wording rules that keep hidden inputs from candidates: public tests run first, and what a
 * candidate's process says after a hidden input reached it (a load error on a respawn, a later public test's message)
 * is replaced by the judge's own words where candidates would read it.
 */
import { CandidateError, type CandidateProcess } from '../../sandbox/harness/candidate-process';
import type { LoadedTest } from '../../sandbox/harness/load-tests';
import { OutputBuffer } from '../../sandbox/harness/output-buffer';
import { publicFirst, runTests } from '../../sandbox/harness/run-tests';

const testOf = (name: string, visibility: 'public' | 'hidden', fn: () => unknown = () => undefined): LoadedTest =>
  ({ name, visibility, fn, weight: 1, file: `tests/${visibility}/x.test.ts` });

/** A candidate whose process loads once; every start after a kill fails with `leak` as its message. */
function candidateThatLeaksOnRespawn(leak: string) {
  let started = false;
  let killed = false;
  return {
    outputExceeded: false,
    memoryExceeded: false,
    start: async () => {
      if (started && killed) throw new CandidateError('Error', leak, 'load');
      started = true;
    },
    kill: () => {
      killed = true;
    },
  } as unknown as CandidateProcess;
}

test('public tests run first, each kind in its own order', () => {
  const tests = [testOf('h1', 'hidden'), testOf('p1', 'public'), testOf('h2', 'hidden'), testOf('p2', 'public')];
  expect(publicFirst(tests).map((t) => t.name)).toEqual(['p1', 'p2', 'h1', 'h2']);
});

test('a load error after a hidden input is the judge\'s words; before any, the candidate\'s own message', async () => {
  const never = () => new Promise(() => {});
  const tests = [testOf('h1', 'hidden', never), testOf('h2', 'hidden'), testOf('p1', 'public')];
  const run = await runTests(tests, candidateThatLeaksOnRespawn('hidden-input-5e1f9a'), new OutputBuffer(1 << 20, 1 << 16, () => undefined), 50);
  expect(run.results.map((r) => [r.name, r.status])).toEqual([['p1', 'pass'], ['h1', 'error'], ['h2', 'error']]);
  expect(run.loadError).toMatch(/^The solution's process could not start again after an earlier test ended it/);
  expect(run.loadError).not.toContain('hidden-input');

  const early = await runTests([testOf('p1', 'public', never), testOf('p2', 'public')], candidateThatLeaksOnRespawn('its own words'), new OutputBuffer(1 << 20, 1 << 16, () => undefined), 50);
  expect(early.loadError).toBe('The solution failed to load: Error: its own words');
});
