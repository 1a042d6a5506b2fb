'use strict';

const OpenAI = require('openai');
const { encode } = require('gpt-tokenizer/encoding/cl100k_base');

const MODEL = 'text-embedding-3-small';
const DIMENSIONS = 64;

let client;
function getClient() {
  // The SDK's own retries are off: every request counts against maxAttempts.
  if (!client) client = new OpenAI({ maxRetries: 0 });
  return client;
}

function isObject(v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function intOption(options, name, min, dflt) {
  const v = options[name];
  if (v === undefined || v === null) return dflt;
  if (!Number.isInteger(v) || v < min || (name === 'maxBatchSize' && v > 2048)) {
    throw new RangeError(`${name} must be an integer >= ${min}`);
  }
  return v;
}

const tokensOf = (text) => encode(text, { disallowedSpecial: new Set() }).length;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** retry-after-ms (milliseconds), else retry-after (whole seconds), else 50 ms. */
function waitAfter(headers) {
  const get = (name) => (headers && typeof headers.get === 'function' ? headers.get(name) : null);
  const ms = get('retry-after-ms');
  if (ms !== null && ms !== undefined && ms.trim() !== '' && Number.isFinite(Number(ms)) && Number(ms) >= 0) {
    return Number(ms);
  }
  const s = get('retry-after');
  if (s !== null && s !== undefined && /^\d+$/.test(s.trim())) return Number(s.trim()) * 1000;
  return 50;
}

/** One request: { vectors } on success, else { status, retryable, headers }. */
async function attempt(texts, timeoutMs) {
  try {
    const res = await getClient().embeddings.create(
      { model: MODEL, input: texts, dimensions: DIMENSIONS },
      { timeout: timeoutMs, maxRetries: 0 },
    );
    const vectors = new Array(texts.length);
    for (const item of res.data) vectors[item.index] = Array.from(item.embedding);
    return { vectors };
  } catch (err) {
    const status = err instanceof OpenAI.APIError && typeof err.status === 'number' ? err.status : null;
    const retryable = status === null || status === 429 || (status >= 500 && status <= 599);
    return { status, retryable, headers: err && err.headers ? err.headers : null };
  }
}

async function embedAll(docs, options) {
  if (!Array.isArray(docs)) throw new RangeError('docs must be an array');
  if (options !== undefined && options !== null && !isObject(options)) throw new RangeError('options must be an object');
  const opts = options || {};
  const ids = new Set();
  for (const d of docs) {
    if (!isObject(d) || typeof d.id !== 'string' || typeof d.text !== 'string') {
      throw new RangeError('each document needs a string id and a string text');
    }
    if (ids.has(d.id)) throw new RangeError(`duplicate id: ${d.id}`);
    ids.add(d.id);
  }
  const maxBatchSize = intOption(opts, 'maxBatchSize', 1, 16);
  const maxBatchTokens = intOption(opts, 'maxBatchTokens', 1, 8000);
  const concurrency = intOption(opts, 'concurrency', 1, 4);
  const maxAttempts = intOption(opts, 'maxAttempts', 1, 3);
  const timeoutMs = intOption(opts, 'timeoutMs', 1, 10000);

  const known = new Map();
  const kept = [];
  if (opts.checkpoint !== undefined && opts.checkpoint !== null) {
    const cp = opts.checkpoint;
    if (!isObject(cp) || !Array.isArray(cp.entries)) throw new RangeError('checkpoint.entries must be an array');
    for (const e of cp.entries) {
      if (!isObject(e) || typeof e.text !== 'string' || !Array.isArray(e.vector)) {
        throw new RangeError('invalid checkpoint entry');
      }
      kept.push(e);
      if (!known.has(e.text)) known.set(e.text, e.vector);
    }
  }

  // Decide each document: done now, or waiting for a pending text.
  const decisions = [];
  const pending = [];
  const firstDocOf = new Map();
  docs.forEach((d, i) => {
    if (d.text === '') return decisions.push({ error: { code: 'empty_text' } });
    const tokens = tokensOf(d.text);
    if (tokens > maxBatchTokens) return decisions.push({ error: { code: 'too_many_tokens', tokens } });
    if (known.has(d.text)) return decisions.push({ vector: known.get(d.text), reused: true });
    if (firstDocOf.has(d.text)) return decisions.push({ text: d.text, reused: true });
    firstDocOf.set(d.text, i);
    pending.push({ text: d.text, tokens });
    return decisions.push({ text: d.text, reused: false });
  });

  const batches = [];
  let batch = null;
  for (const p of pending) {
    if (!batch || batch.texts.length >= maxBatchSize || batch.tokens + p.tokens > maxBatchTokens) {
      batch = { texts: [], tokens: 0 };
      batches.push(batch);
    }
    batch.texts.push(p.text);
    batch.tokens += p.tokens;
  }

  const outcome = new Map();
  const fresh = [];
  let requests = 0;
  let nextBatch = 0;

  async function run(texts) {
    for (let attempts = 1; ; attempts++) {
      requests++;
      const r = await attempt(texts, timeoutMs);
      if (r.vectors) {
        texts.forEach((t, i) => {
          outcome.set(t, { vector: r.vectors[i] });
          fresh.push({ text: t, vector: r.vectors[i] });
        });
        return;
      }
      if (!r.retryable || attempts >= maxAttempts) {
        for (const t of texts) outcome.set(t, { error: { code: 'request_failed', status: r.status, attempts } });
        return;
      }
      await sleep(waitAfter(r.headers));
    }
  }

  async function worker() {
    while (nextBatch < batches.length) {
      const b = batches[nextBatch++];
      await run(b.texts);
    }
  }

  const workers = [];
  for (let i = 0; i < Math.min(concurrency, batches.length); i++) workers.push(worker());
  await Promise.all(workers);

  const stats = { embedded: 0, reused: 0, failed: 0, requests };
  const results = docs.map((d, i) => {
    const dec = decisions[i];
    const got = dec.text !== undefined ? outcome.get(dec.text) : dec;
    if (got.error) {
      stats.failed++;
      return { id: d.id, error: { ...got.error } };
    }
    if (dec.reused) stats.reused++;
    else stats.embedded++;
    return { id: d.id, vector: got.vector };
  });
  return { results, checkpoint: { entries: kept.concat(fresh) }, stats };
}

module.exports = { embedAll };
