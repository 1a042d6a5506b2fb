import { classifyRepeats, isInjectedFailure, mergePrices, summarizeUsage, type JournalEntry } from '../../../sandbox/mock-llm';

let seq = 0;
/** A journal entry as the mock records it; `seq` restarts with `fresh()` (as after a harness reset). */
function entry(over: Partial<JournalEntry> & { body?: unknown }): JournalEntry {
  seq += 1;
  return {
    seq, time: new Date(0).toISOString(), requestId: `r${seq}`, method: 'POST', path: '/v1/chat/completions', headers: {},
    hasApiKey: true, body: { q: 'a' }, model: 'gpt-4o-mini', stream: false, status: 200, fault: null, rule: null, call: seq,
    retryCount: 0, isRetry: false, promptTokens: 10, cachedTokens: 0, completionTokens: 5, latencyMs: 1, clientClosed: false, ...over,
  };
}
const fresh = () => { seq = 0; };
const failed429 = (body: unknown = { q: 'a' }) => entry({ status: 429, fault: 'status', rule: 0, body, promptTokens: 0, completionTokens: 0 });
const refused400 = (body: unknown = { q: 'a' }) => entry({ status: 400, body, promptTokens: 0, completionTokens: 0 });

beforeEach(fresh);

describe('classifyRepeats: a retry is the same request sent again after a retryable failure', () => {
  test('429 then the same body twice: two retries after 429', () => {
    const entries = [failed429(), failed429(), entry({})];
    expect(classifyRepeats(entries)).toEqual({ retryOf: [null, '429', '429'], afterClientError: 0 });
    expect(summarizeUsage(entries, mergePrices())).toMatchObject({ retries: 2, retryTriggers: { '429': 2 }, repeatsAfterClientError: 0 });
  });

  test('a different request after a failure is not a retry, however soon it follows', () => {
    const entries = [failed429({ q: 'a' }), entry({ body: { q: 'b' } }), entry({ body: { q: 'c' } })];
    expect(summarizeUsage(entries, mergePrices())).toMatchObject({ retries: 0, retryTriggers: {}, errors: 1, errorKinds: { '429': 1 } });
  });

  test('a repeat after a 4xx is counted apart, not as a retry', () => {
    const entries = [refused400(), refused400(), refused400()];
    expect(summarizeUsage(entries, mergePrices())).toMatchObject({ retries: 0, repeatsAfterClientError: 2, errorKinds: { '4xx': 3 } });
  });

  test('a request repeated after it succeeded is not a retry (a missed cache, not a retry)', () => {
    const entries = [failed429(), entry({}), entry({})];
    expect(classifyRepeats(entries).retryOf).toEqual([null, '429', null]);
  });

  test('timeouts, 5xx and broken bodies trigger retries too; the window restarts with the sequence numbers', () => {
    const hang = entry({ status: null, fault: 'hang', rule: 0, latencyMs: 3 });
    const again = entry({});
    const e500 = entry({ body: { q: 'x' }, status: 500, fault: 'status', rule: 1 });
    fresh();
    const nextTest = entry({ body: { q: 'x' } });
    expect(classifyRepeats([hang, again, e500, nextTest]).retryOf).toEqual([null, 'timeout', null, null]);
  });
});

describe('isInjectedFailure: failures a script made, not refusals of what the candidate sent', () => {
  test('a scripted status or fault is injected; a 400 for a bad body is not', () => {
    expect(isInjectedFailure(failed429())).toBe(true);
    expect(isInjectedFailure(entry({ status: 200, fault: 'stall', rule: 0 }))).toBe(true);
    expect(isInjectedFailure(refused400())).toBe(false);
    expect(isInjectedFailure(entry({}))).toBe(false);
  });

  test('a scripted delay the client gave up on is injected; an answer the candidate abandoned without a rule is not', () => {
    expect(isInjectedFailure(entry({ rule: 2, clientClosed: true }))).toBe(true);
    expect(isInjectedFailure(entry({ rule: null, clientClosed: true }))).toBe(false);
  });
});

describe('cost: cached input tokens are priced at the cached-input rate', () => {
  test('gpt-4o-mini: 1M prompt tokens of which half cached, 1M completion tokens', () => {
    const e = entry({ promptTokens: 1_000_000, cachedTokens: 500_000, completionTokens: 1_000_000 });
    const usage = summarizeUsage([e], mergePrices());
    expect(usage.costUsd).toBeCloseTo(0.5 * 0.15 + 0.5 * 0.075 + 0.6, 9);
    expect(usage.cachedTokens).toBe(500_000);
  });

  test('a model without a cached price pays half its input price for cached tokens', () => {
    const prices = mergePrices({ models: { custom: { inputPerMillion: 2, outputPerMillion: 0 } } });
    const usage = summarizeUsage([entry({ model: 'custom', promptTokens: 1_000_000, cachedTokens: 1_000_000, completionTokens: 0 })], prices);
    expect(usage.costUsd).toBeCloseTo(1, 9);
  });
});
