/**
 * @module reports/usage-section
 * A submission's LLM usage against its challenge's reference figures.
 */
import type { ReferenceFigures } from '../gate/reference-figures';
import type { ComparedFigureT, LlmUsageSectionT } from './submission-report';
import type { PlannedTest, ResultV1 } from '../results/verdicts';
import type { UsageSummary } from '../../sandbox/mock-llm';

/** Tests that script upstream failures: their names say so. */
const FAILURE_TEST = /\b(429|5\d\d|4\d\d|retr|timeout|time out|error|fault|upstream|hang|stall|disconnect|abort|unavailable|rate)/i;
const CACHE_TEST = /cach/i;

const round = (n: number, digits = 9) => Math.round(n * 10 ** digits) / 10 ** digits;

/** `value` beside `reference`: ratio and a label like "3.2x the reference's tokens". */
export function compare(value: number, reference: number | null | undefined, what: string): ComparedFigureT {
  const ref = reference ?? null;
  if (ref === null) return { value: round(value), reference: null, ratio: null, label: null };
  if (ref === 0) return { value: round(value), reference: 0, ratio: null, label: value === 0 ? `same ${what} as the reference (none)` : `${what}: the reference has none` };
  const ratio = round(value / ref, 2);
  return { value: round(value), reference: round(ref), ratio, label: `${ratio}x the reference's ${what}` };
}

function errorsHandled(usage: UsageSummary, result: ResultV1, reference: ReferenceFigures | null): LlmUsageSectionT['errors'] {
  const kinds = usage.errorKinds ?? {};
  if (usage.errors === 0) return { returned: 0, kinds, handled: 'none', unhandledTests: [], note: 'The mock returned no error to this submission.' };
  const refStatus = reference?.testStatus ?? {};
  const failureTests = result.tests.filter((t) => FAILURE_TEST.test(t.name) && (refStatus[t.name] ?? 'pass') === 'pass');
  const unhandled = failureTests.filter((t) => t.status !== 'pass').map((t) => t.name);
  const handled = unhandled.length === 0 ? 'yes' : unhandled.length === failureTests.length ? 'no' : 'partly';
  const note = unhandled.length === 0
    ? `${usage.errors} failed upstream requests; every test about upstream failures passes.`
    : `${unhandled.length} of ${failureTests.length} tests about upstream failures do not pass${reference ? ' (the reference passes them)' : ''}.`;
  return { returned: usage.errors, kinds, handled, unhandledTests: unhandled, note };
}

function cacheFigures(usage: UsageSummary, plan: PlannedTest[], reference: ReferenceFigures | null): LlmUsageSectionT['cache'] {
  if (!plan.some((p) => CACHE_TEST.test(p.name) || CACHE_TEST.test(p.file))) return null;
  const refCalls = reference?.llmUsage?.calls;
  if (refCalls === undefined) return { applies: true, callsSaved: null, note: 'The task has a cache; without reference figures the hits cannot be estimated.' };
  const saved = refCalls - usage.calls;
  const note = saved >= 0
    ? `No more LLM calls than the reference (which caches): ${usage.calls} vs ${refCalls}.`
    : `${-saved} more LLM calls than the reference (which caches): repeated requests likely missed a cache.`;
  return { applies: true, callsSaved: saved, note };
}

/** The usage section, or null when the run reported no usage. */
export function usageSection(result: ResultV1, plan: PlannedTest[], reference: ReferenceFigures | null): LlmUsageSectionT | null {
  const u = result.llmUsage;
  if (!u) return null;
  const ref = reference?.llmUsage ?? null;
  const tests = result.tests.length || 1;
  const refTests = reference?.tests || null;
  return {
    totals: { calls: u.calls, promptTokens: u.promptTokens, completionTokens: u.completionTokens, totalTokens: u.totalTokens,
      errors: u.errors, retries: u.retries, costUsd: u.costUsd, inFlight: u.inFlight, latencyMs: u.latencyMs },
    byPath: u.byPath,
    byModel: u.byModel,
    compared: {
      calls: compare(u.calls, ref?.calls, 'LLM calls'),
      totalTokens: compare(u.totalTokens, ref?.totalTokens, 'tokens'),
      promptTokens: compare(u.promptTokens, ref?.promptTokens, 'prompt tokens'),
      completionTokens: compare(u.completionTokens, ref?.completionTokens, 'completion tokens'),
      costUsd: compare(u.costUsd, ref?.costUsd, 'cost'),
      retries: compare(sumOf(u.retryTriggers) ?? u.retries, ref ? sumOf(ref.retryTriggers) ?? ref.retries : null, 'retries'),
      errors: compare(u.errors, ref?.errors, 'upstream errors'),
      latencyMeanMs: compare(u.latencyMs.mean, ref?.latencyMs.mean, 'mean latency'),
      tokensPerTest: compare(u.totalTokens / tests, ref && refTests ? ref.totalTokens / refTests : null, 'tokens per test'),
      costPerTestUsd: compare(u.costUsd / tests, ref && refTests ? ref.costUsd / refTests : null, 'cost per test'),
      costPerCallUsd: compare(u.calls ? u.costUsd / u.calls : 0, ref?.calls ? ref.costUsd / ref.calls : null, 'cost per call'),
    },
    retries: { total: sumOf(u.retryTriggers) ?? u.retries, triggers: u.retryTriggers ?? {} },
    errors: errorsHandled(u, result, reference),
    cache: cacheFigures(u, plan, reference),
    reference: reference ? { runs: reference.runs, measuredAt: reference.measuredAt } : null,
  };
}

function sumOf(counts: Record<string, number> | undefined): number | undefined {
  return counts ? Object.values(counts).reduce((a, b) => a + b, 0) : undefined;
}
