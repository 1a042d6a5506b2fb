'use strict';

const http = require('node:http');
const { OpenAI } = require('openai');

const EMBEDDING_MODEL = 'text-embedding-3-small';
const DEFAULT_MODEL = 'gpt-4o-mini';
const THRESHOLD = 0.9;
const CALL_TIMEOUT_MS = 1000;
const MAX_BODY_BYTES = 64 * 1024;
const TENANT = /^[A-Za-z0-9_-]{1,64}$/;
/** Dollars per million tokens, by chat model. */
const PRICES = new Map([
  ['gpt-4o-mini', { input: 0.15, output: 0.6 }],
  ['gpt-4.1-nano', { input: 0.1, output: 0.4 }],
  ['gpt-4o', { input: 2.5, output: 10 }],
]);

/** An answer other than 200. */
class Failure extends Error {
  constructor(status, code, field) {
    super(code);
    this.status = status;
    this.code = code;
    this.field = field;
  }

  body() {
    return { error: this.field ? { code: this.code, field: this.field } : { code: this.code } };
  }
}

const invalid = (field) => new Failure(400, 'invalid_request', field);
const codePoints = (s) => [...s].length;

/** The request's fields, or a Failure naming the first invalid one. */
function parseAsk(raw) {
  let body;
  try {
    body = JSON.parse(raw);
  } catch {
    throw invalid('body');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('body');
  const { tenant, question, system, model } = body;
  if (typeof tenant !== 'string' || !TENANT.test(tenant)) throw invalid('tenant');
  if (typeof question !== 'string' || question.trim() === '' || codePoints(question) > 2000) throw invalid('question');
  if (system != null && (typeof system !== 'string' || codePoints(system) > 4000)) throw invalid('system');
  if (model != null && !PRICES.has(model)) throw invalid('model');
  return { tenant, question, system: system ?? '', model: model ?? DEFAULT_MODEL };
}

function cosine(a, b) {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** One upstream call with its whole response due within CALL_TIMEOUT_MS; maps every failure to 502 or 504. */
async function upstream(call) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), CALL_TIMEOUT_MS);
  try {
    return await call({ signal: controller.signal, maxRetries: 0 });
  } catch {
    throw controller.signal.aborted ? new Failure(504, 'upstream_timeout') : new Failure(502, 'upstream_error');
  } finally {
    clearTimeout(timer);
  }
}

/** A server's cache, in-flight calls and statistics: created per server, never shared. */
function createCache(client, ttlMs) {
  const partitions = new Map(); // partition key -> entries, in the order they were stored
  const stats = new Map(); // tenant -> counters

  const statsFor = (tenant) => {
    if (!stats.has(tenant)) stats.set(tenant, { hits: 0, misses: 0, errors: 0, tokensSaved: 0, costSavedUsd: 0 });
    return stats.get(tenant);
  };

  function recordHit(counters, entry) {
    const price = PRICES.get(entry.model);
    counters.hits++;
    counters.tokensSaved += entry.promptTokens + entry.completionTokens;
    counters.costSavedUsd += (entry.promptTokens * price.input + entry.completionTokens * price.output) / 1e6;
  }

  /** Most similar live entry with similarity >= THRESHOLD; the strict `>` keeps the first stored on ties. */
  function lookup(key, vector) {
    const now = Date.now();
    const live = (partitions.get(key) ?? []).filter((e) => now - e.storedAt < ttlMs);
    partitions.set(key, live);
    let best = null;
    let bestScore = -Infinity;
    for (const entry of live) {
      const score = cosine(vector, entry.vector);
      if (score >= THRESHOLD && score > bestScore) {
        best = entry;
        bestScore = score;
      }
    }
    return best;
  }

  async function callModel(req, key, vector) {
    try {
      const messages = req.system === '' ? [] : [{ role: 'system', content: req.system }];
      messages.push({ role: 'user', content: req.question });
      const completion = await upstream((opts) => client.chat.completions.create({ model: req.model, messages, temperature: 0 }, opts));
      const answer = completion.choices?.[0]?.message?.content;
      if (typeof answer !== 'string') throw new Failure(502, 'upstream_error');
      const entry = {
        question: req.question,
        vector,
        answer,
        model: req.model,
        promptTokens: completion.usage?.prompt_tokens ?? 0,
        completionTokens: completion.usage?.completion_tokens ?? 0,
        storedAt: Date.now(),
      };
      if (!partitions.has(key)) partitions.set(key, []);
      partitions.get(key).push(entry);
      return { entry };
    } catch (failure) {
      return { failure: failure instanceof Failure ? failure : new Failure(502, 'upstream_error') };
    }
  }

  async function answer(req, counters) {
    const res = await upstream((opts) => client.embeddings.create({ model: EMBEDDING_MODEL, input: req.question }, opts));
    const vector = res.data?.[0]?.embedding;
    if (!Array.isArray(vector)) throw new Failure(502, 'upstream_error');
    const key = JSON.stringify([req.tenant, req.system, req.model]);

    const match = lookup(key, vector);
    if (match) {
      recordHit(counters, match);
      return { answer: match.answer, cached: true, matchedQuestion: match.question };
    }

    const outcome = await callModel(req, key, vector);
    if (outcome.failure) throw outcome.failure;
    counters.misses++;
    return { answer: outcome.entry.answer, cached: false, matchedQuestion: null };
  }

  return {
    async ask(req) {
      const counters = statsFor(req.tenant);
      try {
        return await answer(req, counters);
      } catch (error) {
        counters.errors++;
        throw error;
      }
    },
    stats(tenant) {
      return { tenant, ...statsFor(tenant) };
    },
  };
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const parts = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) parts.push(chunk);
    });
    req.on('end', () => (size > MAX_BODY_BYTES ? reject(invalid('body')) : resolve(Buffer.concat(parts).toString('utf8'))));
    req.on('error', reject);
  });
}

function send(res, status, body) {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

/**
 * Starts a new, independent HTTP server on 127.0.0.1 at a free port (listen on port 0) serving POST /ask and
 * GET /stats, and resolves to the port it listens on. ttlMs: how long a cached answer lives (default 60000).
 * @param {{ ttlMs?: number }} [options]
 * @returns {Promise<number>}
 */
async function start(options = {}) {
  const client = new OpenAI({ maxRetries: 0 });
  const cache = createCache(client, options.ttlMs ?? 60000);
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method === 'POST' && url.pathname === '/ask') {
        send(res, 200, await cache.ask(parseAsk(await readBody(req))));
      } else if (req.method === 'GET' && url.pathname === '/stats') {
        const tenant = url.searchParams.get('tenant');
        if (tenant === null || !TENANT.test(tenant)) throw invalid('tenant');
        send(res, 200, cache.stats(tenant));
      } else {
        throw new Failure(404, 'not_found');
      }
    } catch (error) {
      const failure = error instanceof Failure ? error : new Failure(500, 'internal_error');
      if (!res.headersSent) send(res, failure.status, failure.body());
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return server.address().port;
}

module.exports = { start };
