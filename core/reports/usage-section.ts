/**
 * @module reports/usage-section
 * A submission's LLM usage against its challenge's reference figures.
 */
import type { ReferenceFigures } from '../gate/reference-figures';
import type { ComparedFigureT, LlmUsageSectionT } from './submission-report';
import type { PlannedTest, ResultV1 } from '../results/verdicts';
import type { UsageSummary } from '../../sandbox/mock-llm';

/**
 * For results made before the harness recorded which tests injected upstream failures: tests whose names say so.
 * Current results carry `llmUsage.injectedFailureTests` and this is not used.
 */
const FAILURE_TEST_NAME = /\b(429|5\d\d|retr|timeout|time out|fault|upstream|hang|stall|disconnect|unavailable|rate limit)/i;
const CACHE_TEST = /cach/i;
// "nothing is cached between calls": a task whose only cache tests say no cache is kept has no cache
const NO_CACHE_TEST = /\b(not|never|nothing|neither|no)\b[^.;:]*cach/i;

const round = (n: number, digits = 9) => Math.round(n * 10 ** digits) / 10 ** digits;

/** `value` beside `reference`: ratio and a label like "3.2x the reference's tokens". */
export function compare(value: number, reference: number | null | undefined, what: string): ComparedFigureT {
  const ref = reference ?? null;
  if (ref === null) return { value: round(value), reference: null, ratio: null, label: null };
  if (ref === 0) return { value: round(value), reference: 0, ratio: null, label: value === 0 ? `same ${what} as the reference (none)` : `${what}: the reference has none` };
  const ratio = round(value / ref, 2);
  return { value: round(value), reference: round(ref), ratio, label: `${ratio}x the reference's ${what}` };
}

/** Tests during which a script made the mock fail a request (recorded by the harness, else guessed from names). */
function injectedFailureTests(usage: UsageSummary, result: ResultV1): Set<string> {
  if (usage.injectedFailureTests) return new Set(usage.injectedFailureTests);
  return new Set(result.tests.filter((t) => FAILURE_TEST_NAME.test(t.name)).map((t) => t.name));
}

function errorsHandled(usage: UsageSummary, result: ResultV1, reference: ReferenceFigures | null): LlmUsageSectionT['errors'] {
  const kinds = usage.errorKinds ?? {};
  if (usage.errors === 0) return { returned: 0, kinds, handled: 'none', unhandledTests: [], note: 'The mock returned no error to this submission.' };
  const injected = injectedFailureTests(usage, result);
  const refStatus = reference?.testStatus ?? {};
  const failureTests = result.tests.filter((t) => injected.has(t.name) && (refStatus[t.name] ?? 'pass') === 'pass');
  const unhandled = failureTests.filter((t) => t.status !== 'pass').map((t) => t.name);
  const handled = failureTests.length === 0 ? 'none' : unhandled.length === 0 ? 'yes' : unhandled.length === failureTests.length ? 'no' : 'partly';
  const kindsText = Object.entries(kinds).map(([k, n]) => `${n} × ${k}`).join(', ');
  const note = failureTests.length === 0
    ? `${usage.errors} failed requests (${kindsText}), none of them injected by a test: the mock refused what was sent.`
    : unhandled.length === 0
      ? `${usage.errors} failed requests (${kindsText}); all ${failureTests.length} tests that injected upstream failures pass.`
      : `${unhandled.length} of the ${failureTests.length} tests that injected upstream failures do not pass${reference ? ' (the reference passes them)' : ''}.`;
  return { returned: usage.errors, kinds, handled, unhandledTests: unhandled, note };
}

function cacheFigures(usage: UsageSummary, result: ResultV1, plan: PlannedTest[], reference: ReferenceFigures | null): LlmUsageSectionT['cache'] {
  const matching = plan.filter((p) => CACHE_TEST.test(p.file) || CACHE_TEST.test(p.name));
  if (!matching.some((p) => CACHE_TEST.test(p.file) || !NO_CACHE_TEST.test(p.name))) return null;
  const cacheTests = matching.map((p) => p.name);
  const failing = result.tests.filter((t) => cacheTests.includes(t.name) && t.status !== 'pass').length;
  const refCalls = reference?.llmUsage?.calls;
  if (refCalls === undefined) return { applies: true, callsSaved: null, note: 'The task has a cache; without reference figures the hits cannot be estimated.' };
  const saved = refCalls - usage.calls;
  const counts = `${usage.calls} LLM calls vs the reference's ${refCalls} (which caches)`;
  const note = failing > 0
    ? `${counts}; ${failing} of ${cacheTests.length} cache tests do not pass, so the count says nothing about the cache.`
    : saved >= 0
      ? `${counts}; every cache test passes.`
      : `${counts}: ${-saved} more, repeated requests likely missed the cache.`;
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
    totals: { calls: u.calls, promptTokens: u.promptTokens, cachedTokens: u.cachedTokens ?? 0, completionTokens: u.completionTokens, totalTokens: u.totalTokens,
      errors: u.errors, retries: u.retries, costUsd: u.costUsd, inFlight: u.inFlight, latencyMs: u.latencyMs },
    byPath: u.byPath,
    byModel: u.byModel,
    compared: {
      calls: compare(u.calls, ref?.calls, 'LLM calls'),
      totalTokens: compare(u.totalTokens, ref?.totalTokens, 'tokens'),
      promptTokens: compare(u.promptTokens, ref?.promptTokens, 'prompt tokens'),
      completionTokens: compare(u.completionTokens, ref?.completionTokens, 'completion tokens'),
      costUsd: compare(u.costUsd, ref?.costUsd, 'cost'),
      retries: compare(u.retries, ref?.retries, 'retries'),
      errors: compare(u.errors, ref?.errors, 'upstream errors'),
      latencyMeanMs: compare(u.latencyMs.mean, ref?.latencyMs.mean, 'mean latency'),
      tokensPerTest: compare(u.totalTokens / tests, ref && refTests ? ref.totalTokens / refTests : null, 'tokens per test'),
      costPerTestUsd: compare(u.costUsd / tests, ref && refTests ? ref.costUsd / refTests : null, 'cost per test'),
      costPerCallUsd: compare(u.calls ? u.costUsd / u.calls : 0, ref?.calls ? ref.costUsd / ref.calls : null, 'cost per call'),
    },
    // Summaries made before retries were counted by repeated body carry triggers that do not add up to `retries`.
    retries: { total: u.retries, triggers: u.repeatsAfterClientError === undefined ? {} : u.retryTriggers ?? {}, repeatsAfterClientError: u.repeatsAfterClientError ?? 0 },
    errors: errorsHandled(u, result, reference),
    cache: cacheFigures(u, result, plan, reference),
    reference: reference ? { runs: reference.runs, measuredAt: reference.measuredAt } : null,
  };
}
