import http from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';

const EMBEDDING_MODEL = 'text-embedding-3-small';
const DEFAULT_MODEL = 'gpt-4o-mini';
const THRESHOLD = 0.9;
const CALL_TIMEOUT_MS = 1000;
const DEFAULT_TTL_MS = 60_000;
const MAX_BODY_BYTES = 64 * 1024;
const MAX_QUESTION_CHARS = 2000;
const MAX_SYSTEM_CHARS = 4000;
const TENANT = /^[A-Za-z0-9_-]{1,64}$/;
/** Dollars per million tokens. */
const PRICES: Record<string, { input: number; output: number }> = {
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4o': { input: 2.5, output: 10 },
};

/** An error that maps directly to an HTTP answer. */
class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, readonly field?: string) {
    super(code);
  }
}

interface Ask {
  tenant: string;
  question: string;
  system: string;
  model: string;
}

interface Entry {
  question: string;
  vector: number[];
  answer: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
  storedAt: number;
}

/** What a chat call ended with; joined requests share it. It never rejects. */
type Outcome = { ok: true; entry: Entry } | { ok: false; error: HttpError };

interface Stats {
  hits: number;
  misses: number;
  errors: number;
  tokensSaved: number;
  costSavedUsd: number;
}

interface Reply {
  answer: string;
  cached: boolean;
  matchedQuestion: string | null;
}

/** One server's state: nothing here is shared with another server. */
class SemanticCache {
  private readonly partitions = new Map<string, Entry[]>();
  private readonly inFlight = new Map<string, Promise<Outcome>>();
  private readonly stats = new Map<string, Stats>();

  constructor(private readonly client: OpenAI, private readonly ttlMs: number) {}

  statsOf(tenant: string): Stats & { tenant: string } {
    return { tenant, ...(this.stats.get(tenant) ?? emptyStats()) };
  }

  async ask(req: Ask): Promise<Reply> {
    const stats = this.statsFor(req.tenant);
    try {
      const reply = await this.answer(req, stats);
      if (reply.cached) stats.hits++;
      else stats.misses++;
      return reply;
    } catch (error) {
      stats.errors++;
      throw error;
    }
  }

  private async answer(req: Ask, stats: Stats): Promise<Reply> {
    const vector = await embed(this.client, req.question);
    const partitionKey = JSON.stringify([req.tenant, req.system, req.model]);

    const match = this.lookup(partitionKey, vector);
    if (match) {
      saved(stats, match);
      return { answer: match.answer, cached: true, matchedQuestion: match.question };
    }

    const flightKey = JSON.stringify([partitionKey, req.question]);
    const joined = this.inFlight.get(flightKey);
    if (joined) {
      const outcome = await joined;
      if (!outcome.ok) throw outcome.error;
      saved(stats, outcome.entry);
      return { answer: outcome.entry.answer, cached: true, matchedQuestion: req.question };
    }

    const flight = this.callModel(req, vector, partitionKey);
    this.inFlight.set(flightKey, flight);
    // The entry is stored before the flight settles, so no request can fall between the two.
    void flight.finally(() => {
      if (this.inFlight.get(flightKey) === flight) this.inFlight.delete(flightKey);
    });
    const outcome = await flight;
    if (!outcome.ok) throw outcome.error;
    return { answer: outcome.entry.answer, cached: false, matchedQuestion: null };
  }

  /** The most similar live entry at or above the threshold; on equal similarity the one stored first. */
  private lookup(partitionKey: string, vector: number[]): Entry | null {
    const now = Date.now();
    const entries = (this.partitions.get(partitionKey) ?? []).filter((e) => now - e.storedAt < this.ttlMs);
    this.partitions.set(partitionKey, entries);
    let best: Entry | null = null;
    let bestScore = -Infinity;
    for (const entry of entries) {
      const score = cosine(vector, entry.vector);
      if (score >= THRESHOLD && score > bestScore) {
        best = entry;
        bestScore = score;
      }
    }
    return best;
  }

  private async callModel(req: Ask, vector: number[], partitionKey: string): Promise<Outcome> {
    try {
      const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [];
      if (req.system !== '') messages.push({ role: 'system', content: req.system });
      messages.push({ role: 'user', content: req.question });
      const completion = await withTimeout((signal) =>
        this.client.chat.completions.create({ model: req.model, messages, temperature: 0 }, { signal, maxRetries: 0 }),
      );
      const answer = completion.choices?.[0]?.message?.content;
      if (typeof answer !== 'string') throw new HttpError(502, 'upstream_error');
      const entry: Entry = {
        question: req.question,
        vector,
        answer,
        model: req.model,
        promptTokens: completion.usage?.prompt_tokens ?? 0,
        completionTokens: completion.usage?.completion_tokens ?? 0,
        storedAt: Date.now(),
      };
      const entries = this.partitions.get(partitionKey) ?? [];
      entries.push(entry);
      this.partitions.set(partitionKey, entries);
      return { ok: true, entry };
    } catch (error) {
      return { ok: false, error: upstreamError(error) };
    }
  }

  private statsFor(tenant: string): Stats {
    let stats = this.stats.get(tenant);
    if (!stats) {
      stats = emptyStats();
      this.stats.set(tenant, stats);
    }
    return stats;
  }
}

function emptyStats(): Stats {
  return { hits: 0, misses: 0, errors: 0, tokensSaved: 0, costSavedUsd: 0 };
}

function saved(stats: Stats, entry: Entry): void {
  const price = PRICES[entry.model];
  stats.tokensSaved += entry.promptTokens + entry.completionTokens;
  stats.costSavedUsd += ((entry.promptTokens + entry.completionTokens) * price.input) / 1_000_000;
}

/** The attempt ran past CALL_TIMEOUT_MS (our own timer, not the SDK's). */
class CallTimeout extends Error {}

/** Runs one upstream call, aborting it (closing the connection) if its whole response has not arrived in time. */
async function withTimeout<T>(call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, CALL_TIMEOUT_MS);
  try {
    return await call(controller.signal);
  } catch (error) {
    if (timedOut) throw new CallTimeout();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

function upstreamError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof CallTimeout) return new HttpError(504, 'upstream_timeout');
  return new HttpError(502, 'upstream_error');
}

async function embed(client: OpenAI, question: string): Promise<number[]> {
  try {
    const res = await withTimeout((signal) =>
      client.embeddings.create({ model: EMBEDDING_MODEL, input: question }, { signal, maxRetries: 0 }),
    );
    const vector = res.data?.[0]?.embedding;
    if (!Array.isArray(vector)) throw new HttpError(502, 'upstream_error');
    return vector;
  } catch (error) {
    throw upstreamError(error);
  }
}

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

const codePoints = (s: string): number => [...s].length;

function validate(raw: string): Ask {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new HttpError(400, 'invalid_request', 'body');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'invalid_request', 'body');
  const { tenant, question, system, model } = body as Record<string, unknown>;
  if (typeof tenant !== 'string' || !TENANT.test(tenant)) throw new HttpError(400, 'invalid_request', 'tenant');
  if (typeof question !== 'string' || question.trim() === '' || codePoints(question) > MAX_QUESTION_CHARS) {
    throw new HttpError(400, 'invalid_request', 'question');
  }
  if (system !== undefined && system !== null && (typeof system !== 'string' || codePoints(system) > MAX_SYSTEM_CHARS)) {
    throw new HttpError(400, 'invalid_request', 'system');
  }
  if (model !== undefined && model !== null && (typeof model !== 'string' || !Object.hasOwn(PRICES, model))) {
    throw new HttpError(400, 'invalid_request', 'model');
  }
  return { tenant, question, system: (system as string | null | undefined) ?? '', model: (model as string | null | undefined) ?? DEFAULT_MODEL };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) parts.push(chunk);
    });
    req.on('end', () => (size > MAX_BODY_BYTES ? reject(new HttpError(400, 'invalid_request', 'body')) : resolve(Buffer.concat(parts).toString('utf8'))));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

async function handle(cache: SemanticCache, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method === 'POST' && url.pathname === '/ask') {
    const ask = validate(await readBody(req));
    send(res, 200, await cache.ask(ask));
    return;
  }
  if (req.method === 'GET' && url.pathname === '/stats') {
    const tenant = url.searchParams.get('tenant');
    if (tenant === null || !TENANT.test(tenant)) throw new HttpError(400, 'invalid_request', 'tenant');
    send(res, 200, cache.statsOf(tenant));
    return;
  }
  throw new HttpError(404, 'not_found');
}

export async function start(options: { ttlMs?: number } = {}): Promise<number> {
  // maxRetries: 0: exactly one attempt per upstream call.
  const client = new OpenAI({ maxRetries: 0 });
  const cache = new SemanticCache(client, options.ttlMs ?? DEFAULT_TTL_MS);
  const server = http.createServer((req, res) => {
    handle(cache, req, res).catch((error: unknown) => {
      const e = error instanceof HttpError ? error : new HttpError(500, 'internal_error');
      send(res, e.status, { error: { code: e.code, ...(e.field ? { field: e.field } : {}) } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}
