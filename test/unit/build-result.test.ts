import { buildResult } from '../../core/results/build-result';
import type { HarnessReport } from '../../sandbox/harness/protocol';
import type { SandboxOutcome } from '../../sandbox/run-in-sandbox';
import type { PlannedTest } from '../../core/results/verdicts';

const plan: PlannedTest[] = [
  { name: 'a', visibility: 'public', weight: 1, file: 'tests/public/a.test.ts' },
  { name: 'b', visibility: 'hidden', weight: 2, file: 'tests/hidden/b.test.ts' },
];
const outcome: SandboxOutcome = { stdout: '', stderr: '', exitCode: 0, timedOut: false, oomKilled: false, outputExceeded: false, durationMs: 10 };
const report = (tests: HarnessReport['tests'], extra: Partial<HarnessReport> = {}): HarnessReport =>
  ({ version: 1, compile: { ok: true }, tests, output: '', outputTruncated: false, ...extra });
const pass = (name: string) => ({ name, status: 'pass' as const, message: '', durationMs: 1 });
const fail = (name: string) => ({ name, status: 'fail' as const, message: 'no', durationMs: 1 });
const limits = { wallTimeMs: 1000 };

test('all planned tests passing is accepted with full score', () => {
  const r = buildResult(plan, outcome, report([pass('a'), pass('b')]), limits);
  expect(r).toMatchObject({ version: 1, verdict: 'accepted', score: 3, maxScore: 3 });
});

test('weights come from the plan, and some passing is partial', () => {
  const r = buildResult(plan, outcome, report([fail('a'), { ...pass('b') }]), limits);
  expect(r).toMatchObject({ verdict: 'partial', score: 2, maxScore: 3 });
  expect(r.tests.map((t) => [t.name, t.visibility, t.weight])).toEqual([['a', 'public', 1], ['b', 'hidden', 2]]);
});

test('nothing passing is wrong_answer', () => {
  expect(buildResult(plan, outcome, report([fail('a'), fail('b')]), limits).verdict).toBe('wrong_answer');
});

test('a run in which no test executed is never accepted', () => {
  expect(buildResult(plan, outcome, report([]), limits).verdict).toBe('runtime_error');
  const onlyExtra = buildResult(plan, outcome, report([pass('not-in-plan')]), limits);
  expect(onlyExtra.verdict).not.toBe('accepted');
  expect(onlyExtra.score).toBe(0);
});

test('a planned test the sandbox did not report is an error, so the run cannot be accepted', () => {
  const r = buildResult(plan, outcome, report([pass('a')]), limits);
  expect(r.verdict).toBe('partial');
  expect(r.tests[1]).toMatchObject({ name: 'b', status: 'error', message: 'Not run.' });
});

test('outside limits take precedence over any test outcome', () => {
  const all = report([pass('a'), pass('b')]);
  expect(buildResult(plan, { ...outcome, timedOut: true }, all, limits).verdict).toBe('time_limit');
  expect(buildResult(plan, { ...outcome, oomKilled: true }, all, limits).verdict).toBe('memory_limit');
  expect(buildResult(plan, { ...outcome, outputExceeded: true }, all, limits).verdict).toBe('output_limit');
  expect(buildResult(plan, outcome, { ...all, limit: 'output_limit' }, limits).verdict).toBe('output_limit');
});

test('no report at all is runtime_error; a compile failure is compile_error with score 0', () => {
  expect(buildResult(plan, { ...outcome, exitCode: 137 }, undefined, limits).verdict).toBe('runtime_error');
  const r = buildResult(plan, outcome, report([], { compile: { ok: false, message: 'x.ts(1,1): error TS1005' } }), limits);
  expect(r).toMatchObject({ verdict: 'compile_error', score: 0, message: 'x.ts(1,1): error TS1005' });
});

test('a timed-out test makes the verdict time_limit', () => {
  const r = buildResult(plan, outcome, report([pass('a'), { ...fail('b'), status: 'error', timedOut: true }]), limits);
  expect(r.verdict).toBe('time_limit');
  expect(r.score).toBe(1);
});
