import { usageSection } from '../../core/reports/usage-section';
import type { ReferenceFigures } from '../../core/gate/reference-figures';
import type { PlannedTest, ResultV1, TestOutcome } from '../../core/results/verdicts';
import type { UsageSummary } from '../../sandbox/mock-llm';

const bucket = { calls: 4, promptTokens: 100, cachedTokens: 0, completionTokens: 40, totalTokens: 140, errors: 2, retries: 1, costUsd: 0.001 };
const usage = (over: Partial<UsageSummary> = {}): UsageSummary => ({
  ...bucket, inFlight: 0, latencyMs: { mean: 2, max: 4 }, byPath: {}, byModel: {}, errorKinds: { '429': 1, '4xx': 1 },
  retryTriggers: { '429': 1 }, repeatsAfterClientError: 0, injectedFailureTests: ['upstream > a 429 is retried'], ...over,
});
const outcome = (name: string, status: TestOutcome['status'] = 'pass'): TestOutcome => ({ name, visibility: 'hidden', status, message: '', durationMs: 1, weight: 1 });
const result = (tests: TestOutcome[], llmUsage: UsageSummary): ResultV1 => ({
  version: 1, verdict: 'partial', score: 1, maxScore: 2, message: '', tests, output: '', outputTruncated: false, durationMs: 5, llmUsage,
});
const plan = (names: string[], file = 'hidden/x.test.ts'): PlannedTest[] => names.map((name) => ({ name, visibility: 'hidden', weight: 1, file }));
const reference = (llmUsage: UsageSummary, testStatus: ReferenceFigures['testStatus'] = {}): ReferenceFigures => ({
  runs: 3, measuredAt: '2026-01-01T00:00:00.000Z', llmUsage, tests: 3, perTest: null, perCall: null, testStatus,
});

describe('retries: one figure, counted by repeated request', () => {
  test('totals, compared and the retries block say the same number', () => {
    const s = usageSection(result([outcome('a')], usage({ retries: 3, retryTriggers: { '429': 2, '5xx': 1 } })), plan(['a']), reference(usage({ retries: 6 })))!;
    expect([s.totals.retries, s.retries.total, s.compared.retries.value]).toEqual([3, 3, 3]);
    expect(s.retries.triggers).toEqual({ '429': 2, '5xx': 1 });
    expect(s.compared.retries.label).toBe('0.5x the reference\'s retries');
  });

  test('a summary from before retries were counted by body shows no triggers that would not add up', () => {
    const s = usageSection(result([outcome('a')], usage({ retries: 0, retryTriggers: { '4xx': 29 }, repeatsAfterClientError: undefined })), plan(['a']), null)!;
    expect(s.retries).toEqual({ total: 0, triggers: {}, repeatsAfterClientError: 0 });
  });
});

describe('errors.unhandledTests lists only tests whose script injected an upstream failure', () => {
  test('a failing validation test in the same run is not an unhandled upstream failure', () => {
    const tests = [outcome('upstream > a 429 is retried', 'fail'), outcome('validation > 400 on an empty body', 'fail'), outcome('ids > ties by id', 'fail')];
    const s = usageSection(result(tests, usage()), plan(tests.map((t) => t.name)), reference(usage()))!;
    expect(s.errors).toMatchObject({ handled: 'no', unhandledTests: ['upstream > a 429 is retried'] });
  });

  test('a test the reference fails too is not held against the candidate', () => {
    const tests = [outcome('upstream > a 429 is retried', 'fail')];
    const s = usageSection(result(tests, usage()), plan(tests.map((t) => t.name)), reference(usage(), { 'upstream > a 429 is retried': 'fail' }))!;
    expect(s.errors).toMatchObject({ handled: 'none', unhandledTests: [] });
  });

  test('errors the mock returned without any injected failure (refused requests) are "none", said plainly', () => {
    const s = usageSection(result([outcome('a')], usage({ injectedFailureTests: [], errorKinds: { '4xx': 2 } })), plan(['a']), null)!;
    expect(s.errors.handled).toBe('none');
    expect(s.errors.note).toBe('2 failed requests (2 × 4xx), none of them injected by a test: the mock refused what was sent.');
  });
});

describe('cache: figures, not praise, when the cache tests fail', () => {
  const names = ['cache > a repeated question is answered from the cache', 'other'];
  test('fewer calls than the reference with a failing cache test is not called a working cache', () => {
    const s = usageSection(result([outcome(names[0], 'fail'), outcome('other')], usage({ calls: 3 })), plan(names), reference(usage({ calls: 5 })))!;
    expect(s.cache!.note).toBe('3 LLM calls vs the reference\'s 5 (which caches); 1 of 1 cache tests do not pass, so the count says nothing about the cache.');
  });

  test('every cache test passing and no more calls than the reference', () => {
    const s = usageSection(result([outcome(names[0]), outcome('other')], usage({ calls: 5 })), plan(names), reference(usage({ calls: 5 })))!;
    expect(s.cache).toEqual({ applies: true, callsSaved: 0, note: '5 LLM calls vs the reference\'s 5 (which caches); every cache test passes.' });
  });

  test('a task whose only cache tests say nothing is cached has no cache; one with a real cache test counts them all', () => {
    const none = ['summary > each call summarises again: nothing is cached between calls', 'errors > a 500 is not cached'];
    expect(usageSection(result(none.map((t) => outcome(t)), usage({ calls: 5 })), plan(none), reference(usage({ calls: 5 })))!.cache).toBeNull();
    const real = [...none, 'similarity > a near-duplicate question is answered from the cache'];
    const s = usageSection(result([outcome(real[0]!), outcome(real[1]!, 'fail'), outcome(real[2]!)], usage({ calls: 5 })), plan(real), reference(usage({ calls: 5 })))!;
    expect(s.cache!.note).toBe('5 LLM calls vs the reference\'s 5 (which caches); 1 of 3 cache tests do not pass, so the count says nothing about the cache.');
  });
});
