import http from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';

const MODEL = 'gpt-4o-mini';
const IDLE_TIMEOUT_MS = 300;
const CACHE_TTL_MS = 60_000;
const MAX_MESSAGES = 32;
const MAX_BODY_BYTES = 1024 * 1024;
const ROLES = new Set(['system', 'user', 'assistant']);

type Role = 'system' | 'user' | 'assistant';
interface Message {
  role: Role;
  content: string;
}

/** A plain JSON error answered before any event is sent. */
class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, readonly details?: { field: string; message: string }[]) {
    super(code);
  }
}

/** One upstream stream, shared by every client that asked for the same messages while it runs. */
interface Flight {
  frames: string[];
  ended: boolean;
  listeners: Set<(frame: string | null) => void>;
  controller: AbortController;
}

interface Proxy {
  client: OpenAI;
  inFlight: Map<string, Flight>;
  cache: Map<string, { frames: string[]; expires: number }>;
}

const frame = (data: unknown): string => `data: ${JSON.stringify(data)}\n\n`;

export async function start(): Promise<number> {
  // Exactly one upstream attempt per stream: the SDK must not retry.
  const proxy: Proxy = { client: new OpenAI({ maxRetries: 0 }), inFlight: new Map(), cache: new Map() };
  const server = http.createServer((req, res) => {
    handle(proxy, req, res).catch((error: unknown) => {
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
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

async function handle(proxy: Proxy, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
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
  if (cached) proxy.cache.delete(key);

  const flight = proxy.inFlight.get(key) ?? startFlight(proxy, key, messages);
  for (const f of flight.frames) res.write(f);
  if (flight.ended) {
    res.end();
    return;
  }
  const listener = (f: string | null): void => {
    if (res.destroyed || res.writableEnded) return;
    if (f === null) res.end();
    else res.write(f);
  };
  flight.listeners.add(listener);
  res.on('close', () => {
    flight.listeners.delete(listener);
    // The client left early: nobody else is reading this stream, so stop the upstream.
    if (!flight.ended && flight.listeners.size === 0) flight.controller.abort();
  });
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) parts.push(chunk);
    });
    req.on('end', () => (size > MAX_BODY_BYTES ? reject(new HttpError(413, 'payload_too_large')) : resolve(Buffer.concat(parts).toString('utf8'))));
    req.on('error', reject);
  });
}

function invalid(field: 'body' | 'messages', message: string): HttpError {
  return new HttpError(400, 'invalid_request', [{ field, message }]);
}

function validate(raw: string): Message[] {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw invalid('body', 'body must be valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('body', 'body must be a JSON object');
  const { messages } = body as { messages?: unknown };
  if (!Array.isArray(messages) || messages.length < 1 || messages.length > MAX_MESSAGES) {
    throw invalid('messages', `messages must be an array of 1 to ${MAX_MESSAGES} messages`);
  }
  const out: Message[] = messages.map((m: unknown, i: number) => {
    if (typeof m !== 'object' || m === null || Array.isArray(m)) throw invalid('messages', `messages[${i}] must be an object`);
    const { role, content } = m as { role?: unknown; content?: unknown };
    if (typeof role !== 'string' || !ROLES.has(role)) throw invalid('messages', `messages[${i}].role must be system, user or assistant`);
    if (typeof content !== 'string' || content.trim() === '') throw invalid('messages', `messages[${i}].content must be a non-blank string`);
    return { role: role as Role, content };
  });
  if (out[out.length - 1].role !== 'user') throw invalid('messages', 'the last message must be a user message');
  return out;
}

/** Starts the upstream stream for `key`; every frame goes to the flight's buffer and its current listeners. */
function startFlight(proxy: Proxy, key: string, messages: Message[]): Flight {
  const flight: Flight = { frames: [], ended: false, listeners: new Set(), controller: new AbortController() };
  proxy.inFlight.set(key, flight);

  const emit = (data: unknown): void => {
    const f = frame(data);
    flight.frames.push(f);
    for (const listener of flight.listeners) listener(f);
  };
  const finish = (outcome: 'done' | 'failed' | 'abandoned'): void => {
    flight.ended = true;
    proxy.inFlight.delete(key);
    if (outcome !== 'abandoned') proxy.cache.set(key, { frames: flight.frames, expires: Date.now() + CACHE_TTL_MS });
    for (const listener of flight.listeners) listener(null);
    flight.listeners.clear();
  };

  void relay(proxy.client, messages, flight.controller, emit).then(finish);
  return flight;
}

/** Reads the upstream stream, emitting delta events and exactly one final event (unless abandoned). */
async function relay(
  client: OpenAI,
  messages: Message[],
  controller: AbortController,
  emit: (data: unknown) => void,
): Promise<'done' | 'failed' | 'abandoned'> {
  let timedOut = false;
  let idle: NodeJS.Timeout | undefined;
  const armIdleTimer = (): void => {
    clearTimeout(idle);
    idle = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, IDLE_TIMEOUT_MS);
  };
  const fail = (code: 'upstream_error' | 'upstream_timeout'): 'failed' => {
    emit({ error: { code } });
    return 'failed';
  };

  armIdleTimer();
  try {
    const stream = await client.chat.completions.create(
      { model: MODEL, stream: true, stream_options: { include_usage: true }, messages },
      { signal: controller.signal, maxRetries: 0 },
    );
    armIdleTimer();
    let finished = false;
    let usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | undefined;
    for await (const chunk of stream) {
      armIdleTimer();
      const choice = chunk.choices?.[0];
      const text = choice?.delta?.content;
      if (typeof text === 'string' && text !== '') emit({ delta: text });
      if (choice?.finish_reason) finished = true;
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
  } catch {
    if (timedOut) return fail('upstream_timeout');
    if (controller.signal.aborted) return 'abandoned';
    return fail('upstream_error');
  } finally {
    clearTimeout(idle);
  }
}
