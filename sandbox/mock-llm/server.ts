/**
 * @module server
 * The HTTP server: routing, auth, body parsing, script matching, journal bookkeeping and shutdown.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { chatRoute } from './chat';
import { newId } from './completion';
import { handleControl } from './control';
import { embeddingsRoute } from './embeddings';
import { MockHttpError, sendError } from './errors';
import { sendStatusFault } from './faults';
import { readBody, sleep, type Ctx } from './http-util';
import { Journal, hasApiKey } from './journal';
import { modelsRoute } from './models';
import { moderationsRoute } from './moderations';
import { responsesRoute, storedResponseRoute } from './responses';
import { ResponseStore } from './responses-store';
import { mergePrices } from './prices';
import type { Route } from './route';
import { ScriptBook } from './scripts';
import type { MockLlm, MockLlmOptions, ScriptRule } from './types';

/** The routes whose answers depend on one mock's state (stored responses). */
interface StatefulRoutes {
  responses: Route;
  storedResponse: Route;
}

function pathParam(path: string, prefix: string): string | null {
  return path.startsWith(prefix) && path.length > prefix.length ? safeDecode(path.slice(prefix.length)) : null;
}

function findRoute(method: string, path: string, routes: StatefulRoutes): { route: Route; param?: string } | null {
  if (method === 'POST' && path === '/v1/chat/completions') return { route: chatRoute as Route };
  if (method === 'POST' && path === '/v1/responses') return { route: routes.responses };
  if (method === 'POST' && path === '/v1/embeddings') return { route: embeddingsRoute as Route };
  if (method === 'POST' && path === '/v1/moderations') return { route: moderationsRoute as Route };
  if (method === 'GET' && path === '/v1/models') return { route: modelsRoute as Route };
  const model = method === 'GET' ? pathParam(path, '/v1/models/') : null;
  if (model !== null) return { route: modelsRoute as Route, param: model };
  const response = method === 'GET' || method === 'DELETE' ? pathParam(path, '/v1/responses/') : null;
  if (response !== null) return { route: routes.storedResponse, param: `${method} ${response}` };
  return null;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function parseBody(raw: Buffer): { body: unknown; ok: boolean } {
  const text = raw.toString('utf8');
  if (text.trim() === '') return { body: null, ok: false };
  try {
    return { body: JSON.parse(text), ok: true };
  } catch {
    return { body: text, ok: false };
  }
}

function baseHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/** What one running mock keeps: its scripts, its journal, and the connections and requests open on it. */
interface MockState {
  book: ScriptBook;
  journal: Journal;
  store: ResponseStore;
  routes: StatefulRoutes;
  sockets: Set<Socket>;
  open: Set<AbortController>;
}

/** Answers one request of the OpenAI API surface: body, API key, route, script match, then the route's answer. */
async function serveRequest(req: IncomingMessage, ctx: Ctx, state: MockState): Promise<void> {
  const { book } = state;
  const { entry } = ctx;
  const raw = await readBody(req);
  if (raw === null) throw new MockHttpError(413, 'The request body is too large.', null, 'request_too_large');
  const parsed = parseBody(raw);
  entry.body = parsed.body;
  if (!hasApiKey(req)) {
    throw new MockHttpError(401, "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", null, null);
  }
  const found = findRoute(entry.method, entry.path, state.routes);
  if (!found) throw new MockHttpError(404, `Invalid URL (${entry.method} ${entry.path})`, null, null);
  if (entry.method === 'POST' && !parsed.ok) {
    throw new MockHttpError(400, 'We could not parse the JSON body of your request. (HINT: This likely means you aren\'t using your HTTP library correctly.)', null, null);
  }
  const prepared = found.route.prepare(parsed.body, found.param);
  entry.model = prepared.model;
  entry.stream = prepared.stream;
  entry.promptTokens = prepared.promptTokens;
  const matched = book.match({ path: entry.path, model: prepared.model, text: prepared.text, call: entry.call });
  entry.rule = matched?.index ?? null;
  const r = matched?.respond ?? null;
  if (r?.hang) {
    entry.fault = 'hang';
    entry.promptTokens = 0;
    return;
  }
  if (r?.delayMs && !(await sleep(r.delayMs, ctx.signal))) return;
  if (r?.status !== undefined) {
    entry.promptTokens = 0;
    return sendStatusFault(ctx, r as typeof r & { status: number });
  }
  await found.route.respond(ctx, prepared, r);
}

/**
 * The server's request listener: control calls under /_mock/ when `options.controlApi` is set (answered with the
 * handle `control()` returns), else an API request, journaled, aborted when its client goes away.
 */
function requestListener(state: MockState, options: MockLlmOptions, control: () => MockLlm): (req: IncomingMessage, res: ServerResponse) => void {
  return function handle(req, res) {
    const started = performance.now();
    const path = (req.url ?? '/').split('?')[0];
    const requestId = newId('req_');
    res.setHeader('x-request-id', requestId);
    if (options.controlApi && path.startsWith('/_mock/')) {
      handleControl(req, res, path, control()).catch(() => res.destroy());
      return;
    }
    const entry = state.journal.begin(req, path, requestId);
    const controller = new AbortController();
    state.open.add(controller);
    res.on('close', () => {
      entry.latencyMs = Math.round((performance.now() - started) * 1000) / 1000;
      if (!res.writableFinished) entry.clientClosed = true;
      state.open.delete(controller);
      controller.abort();
    });
    const ctx: Ctx = { req, res, entry, signal: controller.signal };
    serveRequest(req, ctx, state).catch((e: unknown) => {
      const err = e instanceof MockHttpError ? e : new MockHttpError(500, `Mock internal error: ${(e as Error)?.message ?? e}`, null, null);
      if (!res.headersSent) sendError(ctx, err);
      else res.destroy();
    });
  };
}

/** Listens on `host` and `port`, keeping each connection in `sockets` while it is open; resolves to the port. */
async function listen(server: Server, sockets: Set<Socket>, port: number, host: string): Promise<number> {
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/** Start the mock on `host` (default 127.0.0.1) and `port` (default 0 = any free port). */
export async function startMockLlm(options: MockLlmOptions = {}): Promise<MockLlm> {
  const host = options.host ?? '127.0.0.1';
  const store = new ResponseStore();
  const routes = { responses: responsesRoute(store) as Route, storedResponse: storedResponseRoute(store) as Route };
  const state: MockState = { book: new ScriptBook(), journal: new Journal(), store, routes, sockets: new Set<Socket>(), open: new Set<AbortController>() };
  const { book, journal, sockets, open } = state;
  const prices = mergePrices(options.prices);
  // The control API answers with `api`, created below once the port is known (no request arrives before then).
  const server = createServer(requestListener(state, options, () => api));
  const port = await listen(server, sockets, options.port ?? 0, host);

  const api: MockLlm = {
    baseUrl: `http://${baseHost(host)}:${port}/v1`,
    port,
    setScripts(rules: ScriptRule[]) {
      book.set(rules);
    },
    reset() {
      book.clear();
      journal.reset();
      store.clear();
    },
    journal: () => journal.list(),
    usage: () => journal.usage(prices),
    close() {
      return new Promise<void>((resolve) => {
        for (const c of open) c.abort();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
      });
    },
  };
  return api;
}
