'use strict';

const http = require('node:http');
const { OpenAI } = require('openai');

const MODEL = 'gpt-4o-mini';
const IDLE_TIMEOUT_MS = 300;
const CACHE_TTL_MS = 60_000;
const MAX_MESSAGES = 32;
const MAX_BODY_BYTES = 1024 * 1024;
const ROLES = new Set(['system', 'user', 'assistant']);

/** A plain JSON error answered before any event is sent. */
class HttpError extends Error {
  status;
  code;
  details;
  constructor(status, code, details) {
    super(code);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

const frame = (data) => `data: ${JSON.stringify(data)}\n\n`;

async function start() {
  // Exactly one upstream attempt per stream: the SDK must not retry.
  const proxy = { client: new OpenAI({ maxRetries: 0 }), inFlight: new Map(), cache: new Map() };
  const server = http.createServer((req, res) => {
    handle(proxy, req, res).catch((error) => {
      const e = error instanceof HttpError ? error : new HttpError(500, 'internal_error');
      if (res.headersSent) {
        res.end();
        return;
      }
      const body = JSON.stringify({ error: { code: e.code, ...(e.details ? { details: e.details } : {}) } });
      res.writeHead(e.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return server.address().port;
}

async function handle(proxy, req, res) {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'POST' || path !== '/chat/stream') throw new HttpError(404, 'not_found');
  const messages = validate(await readBody(req));
  const key = JSON.stringify(messages.map((m) => [m.role, m.content]));

  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
  res.flushHeaders();

  const cached = proxy.cache.get(key);
  if (cached && cached.expires > Date.now()) {
    res.end(cached.frames.join(''));
    return;
  }
  if (cached)
    proxy.cache.delete(key);

  const flight = proxy.inFlight.get(key) ?? startFlight(proxy, key, messages);
  for (const f of flight.frames)
    res.write(f);
  if (flight.ended) {
    res.end();
    return;
  }
  const listener = (f) => {
    if (res.destroyed || res.writableEnded) return;
    if (f === null)
      res.end();
    else
      res.write(f);
  };
  flight.listeners.add(listener);
  res.on('close', () => {
    flight.listeners.delete(listener);
    // The client left early: nobody else is reading this stream, so stop the upstream.
    if (!flight.ended && flight.listeners.size === 0)
      flight.controller.abort();
  });
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const parts = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES)
        parts.push(chunk);
    });
    req.on('end', () => (size > MAX_BODY_BYTES ? reject(new HttpError(413, 'payload_too_large')) : resolve(Buffer.concat(parts).toString('utf8'))));
    req.on('error', reject);
  });
}

function invalid(field, message) {
  return new HttpError(400, 'invalid_request', [{ field, message }]);
}

function validate(raw) {
  let body;
  try {
    body = JSON.parse(raw);
  }
  catch {
    throw invalid('body', 'body must be valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('body', 'body must be a JSON object');
  const { messages } = body;
  if (!Array.isArray(messages) || messages.length < 1 || messages.length > MAX_MESSAGES) {
    throw invalid('messages', `messages must be an array of 1 to ${MAX_MESSAGES} messages`);
  }
  const out = messages.map((m, i) => {
    if (typeof m !== 'object' || m === null || Array.isArray(m)) throw invalid('messages', `messages[${i}] must be an object`);
    const { role, content } = m;
    if (typeof role !== 'string' || !ROLES.has(role)) throw invalid('messages', `messages[${i}].role must be system, user or assistant`);
    if (typeof content !== 'string' || content.trim() === '') throw invalid('messages', `messages[${i}].content must be a non-blank string`);
    return { role: role, content };
  });
  if (out[out.length - 1].role !== 'user') throw invalid('messages', 'the last message must be a user message');
  return out;
}

/** Starts the upstream stream for `key`; every frame goes to the flight's buffer and its current listeners. */
function startFlight(proxy, key, messages) {
  const flight = { frames: [], ended: false, listeners: new Set(), controller: new AbortController() };
  proxy.inFlight.set(key, flight);

  const emit = (data) => {
    const f = frame(data);
    flight.frames.push(f);
    for (const listener of flight.listeners)
      listener(f);
  };
  const finish = (outcome) => {
    flight.ended = true;
    proxy.inFlight.delete(key);
    if (outcome === 'done')
      proxy.cache.set(key, { frames: flight.frames, expires: Date.now() + CACHE_TTL_MS });
    for (const listener of flight.listeners)
      listener(null);
    flight.listeners.clear();
  };

  void relay(proxy.client, messages, flight.controller, emit).then(finish);
  return flight;
}

/** Reads the upstream stream, emitting delta events and exactly one final event (unless abandoned). */
async function relay(client, messages, controller, emit) {
  let timedOut = false;
  let idle;
  const armIdleTimer = () => {
    clearTimeout(idle);
    idle = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, IDLE_TIMEOUT_MS);
  };
  const fail = (code) => {
    emit({ error: { code } });
    return 'failed';
  };

  armIdleTimer();
  try {
    const stream = await client.chat.completions.create({ model: MODEL, stream: true, stream_options: { include_usage: true }, messages }, { signal: controller.signal, maxRetries: 0 });
    armIdleTimer();
    let finished = false;
    let usage;
    for await (const chunk of stream) {
      armIdleTimer();
      const choice = chunk.choices?.[0];
      const text = choice?.delta?.content;
      if (typeof text === 'string' && text !== '')
        emit({ delta: text });
      if (choice?.finish_reason)
        finished = true;
      if (chunk.usage) {
        const { prompt_tokens, completion_tokens, total_tokens } = chunk.usage;
        usage = { prompt_tokens, completion_tokens, total_tokens };
      }
    }
    // The SDK's iterator returns silently when the request is aborted: tell the cases apart ourselves.
    if (timedOut) return fail('upstream_timeout');
    if (controller.signal.aborted) return 'abandoned';
    if (!finished || !usage) return fail('upstream_error');
    emit({ done: true, usage });
    return 'done';
  }
  catch {
    if (timedOut) return fail('upstream_timeout');
    if (controller.signal.aborted) return 'abandoned';
    return fail('upstream_error');
  }
  finally {
    clearTimeout(idle);
  }
}

module.exports = { start };
