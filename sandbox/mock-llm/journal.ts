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
  return { calls: 0, promptTokens: 0, completionTokens: 0, totalTokens: 0, errors: 0, retries: 0, costUsd: 0 };
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

/** Totals over journal entries; cost uses `prices` (per 1M tokens). */
export function summarizeUsage(entries: readonly JournalEntry[], prices: Required<PriceTable>): UsageSummary {
  const total = emptyBucket();
  const byPath: Record<string, UsageBucket> = {};
  const byModel: Record<string, UsageBucket> = {};
  let inFlight = 0;
  let latencySum = 0;
  let latencyCount = 0;
  let latencyMax = 0;
  for (const e of entries) {
    const cost = costOf(priceFor(prices, e.model), e.promptTokens, e.completionTokens);
    const buckets = [total, (byPath[e.path] ??= emptyBucket())];
    if (e.model) buckets.push((byModel[e.model] ??= emptyBucket()));
    for (const b of buckets) {
      b.calls++;
      b.promptTokens += e.promptTokens;
      b.completionTokens += e.completionTokens;
      b.totalTokens += e.promptTokens + e.completionTokens;
      if ((e.status ?? 0) >= 400 || e.fault) b.errors++;
      if (e.isRetry) b.retries++;
      b.costUsd += cost;
    }
    if (e.latencyMs === null) inFlight++;
    else {
      latencySum += e.latencyMs;
      latencyCount++;
      latencyMax = Math.max(latencyMax, e.latencyMs);
    }
  }
  for (const b of [total, ...Object.values(byPath), ...Object.values(byModel)]) b.costUsd = round(b.costUsd, 9);
  const mean = latencyCount ? round(latencySum / latencyCount, 3) : 0;
  return { ...total, inFlight, latencyMs: { mean, max: round(latencyMax, 3) }, byPath, byModel, ...failureKinds(entries) };
}

/** How a request failed, or null when it got a complete answer. */
export function failureKind(e: JournalEntry): string | null {
  if (e.status === 429) return '429';
  if ((e.status ?? 0) >= 500) return '5xx';
  if ((e.status ?? 0) >= 400) return '4xx';
  if (e.fault === 'hang' || e.fault === 'stall' || e.status === null || e.clientClosed) return 'timeout';
  return e.fault ? 'fault' : null;
}

function failureKinds(entries: readonly JournalEntry[]): { errorKinds: Record<string, number>; retryTriggers: Record<string, number> } {
  const errorKinds: Record<string, number> = {};
  const retryTriggers: Record<string, number> = {};
  const lastOnPath = new Map<string, JournalEntry>();
  for (const e of entries) {
    const kind = failureKind(e);
    if (kind) errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
    const before = lastOnPath.get(e.path);
    const trigger = before ? failureKind(before) : null;
    if (trigger) retryTriggers[trigger] = (retryTriggers[trigger] ?? 0) + 1;
    lastOnPath.set(e.path, e);
  }
  return { errorKinds, retryTriggers };
}
