/**
 * @module journal
 * The record of every request (credentials removed), per-path call counters, and the usage summary.
 */
import type { IncomingMessage } from 'node:http';
import { costOf, priceFor } from './prices';
import type { JournalEntry, PriceTable, UsageBucket, UsageSummary } from './types';

/** Request headers never written to the journal. */
export const REDACTED_HEADERS: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization', 'api-key', 'x-api-key', 'cookie']);

/** Whether a request carries a non-empty credential (bearer token or api-key header). */
export function hasApiKey(req: IncomingMessage): boolean {
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && /^Bearer\s+\S+/i.test(auth)) return true;
  const key = req.headers['api-key'] ?? req.headers['x-api-key'];
  return typeof key === 'string' && key.trim().length > 0;
}

function safeHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (REDACTED_HEADERS.has(name) || value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function emptyBucket(): UsageBucket {
  return { calls: 0, promptTokens: 0, cachedTokens: 0, completionTokens: 0, totalTokens: 0, errors: 0, retries: 0, costUsd: 0 };
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Entries, sequence numbers and per-path call counters. */
export class Journal {
  private entries: JournalEntry[] = [];
  private seq = 0;
  private calls = new Map<string, number>();

  /** Record a new request and return its live (mutable) entry. */
  begin(req: IncomingMessage, path: string, requestId: string): JournalEntry {
    const call = (this.calls.get(path) ?? 0) + 1;
    this.calls.set(path, call);
    const retryCount = Number.parseInt(String(req.headers['x-stainless-retry-count'] ?? '0'), 10) || 0;
    const entry: JournalEntry = {
      seq: ++this.seq,
      time: new Date().toISOString(),
      requestId,
      method: req.method ?? 'GET',
      path,
      headers: safeHeaders(req),
      hasApiKey: hasApiKey(req),
      body: null,
      model: null,
      stream: false,
      status: null,
      fault: null,
      rule: null,
      call,
      retryCount,
      isRetry: retryCount > 0,
      promptTokens: 0,
      cachedTokens: 0,
      completionTokens: 0,
      latencyMs: null,
      clientClosed: false,
    };
    this.entries.push(entry);
    return entry;
  }

  /** Deep copies of all entries, oldest first. */
  list(): JournalEntry[] {
    return structuredClone(this.entries);
  }

  /** Forget all entries and counters. */
  reset(): void {
    this.entries = [];
    this.seq = 0;
    this.calls.clear();
  }

  /** Totals over all entries; cost uses `prices` (per 1M tokens). */
  usage(prices: Required<PriceTable>): UsageSummary {
    return summarizeUsage(this.entries, prices);
  }
}

/** Totals over journal entries; cost uses `prices` (per 1M tokens). Retries are counted as `classifyRepeats` says. */
export function summarizeUsage(entries: readonly JournalEntry[], prices: Required<PriceTable>): UsageSummary {
  const total = emptyBucket();
  const byPath: Record<string, UsageBucket> = {};
  const byModel: Record<string, UsageBucket> = {};
  const repeats = classifyRepeats(entries);
  let inFlight = 0;
  let latencySum = 0;
  let latencyCount = 0;
  let latencyMax = 0;
  entries.forEach((e, i) => {
    const cost = costOf(priceFor(prices, e.model), e.promptTokens, e.completionTokens, e.cachedTokens);
    const buckets = [total, (byPath[e.path] ??= emptyBucket())];
    if (e.model) buckets.push((byModel[e.model] ??= emptyBucket()));
    for (const b of buckets) {
      b.calls++;
      b.promptTokens += e.promptTokens;
      b.cachedTokens = (b.cachedTokens ?? 0) + e.cachedTokens;
      b.completionTokens += e.completionTokens;
      b.totalTokens += e.promptTokens + e.completionTokens;
      if ((e.status ?? 0) >= 400 || e.fault) b.errors++;
      if (repeats.retryOf[i]) b.retries++;
      b.costUsd += cost;
    }
    if (e.latencyMs === null) inFlight++;
    else {
      latencySum += e.latencyMs;
      latencyCount++;
      latencyMax = Math.max(latencyMax, e.latencyMs);
    }
  });
  for (const b of [total, ...Object.values(byPath), ...Object.values(byModel)]) b.costUsd = round(b.costUsd, 9);
  const mean = latencyCount ? round(latencySum / latencyCount, 3) : 0;
  return {
    ...total, inFlight, latencyMs: { mean, max: round(latencyMax, 3) }, byPath, byModel,
    errorKinds: countBy(entries.map(failureKind)), retryTriggers: countBy(repeats.retryOf),
    repeatsAfterClientError: repeats.afterClientError,
  };
}

/** How a request failed, or null when it got a complete answer. */
export function failureKind(e: JournalEntry): string | null {
  if (e.status === 429) return '429';
  if ((e.status ?? 0) >= 500) return '5xx';
  if ((e.status ?? 0) >= 400) return '4xx';
  if (e.fault === 'hang' || e.fault === 'stall' || e.status === null || e.clientClosed) return 'timeout';
  return e.fault ? 'fault' : null;
}

/**
 * Whether a request's failure was put there by a script rule (a status, hang, stall, broken body, or a delay the
 * client gave up on), not the mock refusing a bad request nor the candidate abandoning a normal answer.
 */
export function isInjectedFailure(e: JournalEntry): boolean {
  return e.fault !== null || (e.rule !== null && failureKind(e) === 'timeout');
}

/** Failure kinds after which repeating the same request is a retry; a repeat after a `4xx` is not. */
const RETRYABLE_KINDS: ReadonlySet<string> = new Set(['429', '5xx', 'timeout', 'fault']);

/**
 * Which requests are retries: a request is one when an earlier request on the same path with the same body failed
 * in a retryable way (429, 5xx, timeout, broken body) and nothing with that body succeeded since; the value is that
 * failure's kind. A new request after a failure is not a retry, however soon it follows. A repeat after a 4xx is
 * counted apart (`afterClientError`): the same request will fail the same way. The window restarts when sequence
 * numbers do (the harness resets the journal between tests).
 */
export function classifyRepeats(entries: readonly JournalEntry[]): { retryOf: (string | null)[]; afterClientError: number } {
  const failed = new Map<string, string>();
  const retryOf: (string | null)[] = [];
  let afterClientError = 0;
  let lastSeq = 0;
  for (const e of entries) {
    if (e.seq <= lastSeq) failed.clear();
    lastSeq = e.seq;
    const key = `${e.method} ${e.path} ${JSON.stringify(e.body)}`;
    const before = failed.get(key);
    retryOf.push(before && RETRYABLE_KINDS.has(before) ? before : null);
    if (before === '4xx') afterClientError++;
    const kind = failureKind(e);
    if (kind) failed.set(key, kind);
    else failed.delete(key);
  }
  return { retryOf, afterClientError };
}

function countBy(values: readonly (string | null)[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) if (v) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}
