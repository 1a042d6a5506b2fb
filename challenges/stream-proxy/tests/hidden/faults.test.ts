import { describe, test, expect, solution, llm } from '@judge/test';

type Api = { start(): number };
const { start } = solution<Api>();

const CHAT = '/v1/chat/completions';

type Msg = { role: string; content: string };

interface StreamResult {
  status: number;
  contentType: string;
  /** Parsed `data:` payloads, in order (SSE events only; empty for a JSON answer). */
  events: any[];
  /** Milliseconds from sending the request to receiving each event. */
  at: number[];
  /** The JSON body of a non-SSE answer. */
  json: any;
  /** The response ended by itself. */
  ended: boolean;
  /** The test gave up waiting (waitMs) before the response ended. */
  gaveUp: boolean;
  ms: number;
}

/**
 * POSTs to /chat/stream and reads the SSE response as it arrives. The test's own wait is bounded by `waitMs`, so a
 * solution that never ends its stream fails instead of hanging; `stopWhen` lets a test disconnect early.
 */
async function chat(port: number, body: unknown, options: { raw?: string; path?: string; method?: string; waitMs?: number; stopWhen?: (events: any[]) => boolean } = {}): Promise<StreamResult> {
  const controller = new AbortController();
  let gaveUp = false;
  const timer = setTimeout(() => {
    gaveUp = true;
    controller.abort();
  }, options.waitMs ?? 2000);
  const started = performance.now();
  const result: StreamResult = { status: 0, contentType: '', events: [], at: [], json: undefined, ended: false, gaveUp: false, ms: 0 };
  try {
    const res = await fetch(`http://127.0.0.1:${port}${options.path ?? '/chat/stream'}`, {
      method: options.method ?? 'POST',
      headers: { 'content-type': 'application/json' },
      body: options.method === 'GET' ? undefined : options.raw ?? JSON.stringify(body),
      signal: controller.signal,
    });
    result.status = res.status;
    result.contentType = res.headers.get('content-type') ?? '';
    if (!result.contentType.startsWith('text/event-stream')) {
      const text = await res.text();
      try {
        result.json = JSON.parse(text);
      } catch {
        result.json = text;
      }
      result.ended = true;
    } else {
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          result.ended = true;
          break;
        }
        buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, '\n');
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).replace(/^ /, ''));
          if (data.length === 0) continue;
          result.events.push(JSON.parse(data.join('\n')));
          result.at.push(performance.now() - started);
        }
        if (options.stopWhen?.(result.events)) {
          controller.abort();
          break;
        }
      }
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
  }
  result.gaveUp = gaveUp;
  result.ms = performance.now() - started;
  return result;
}

function deltas(r: StreamResult): string[] {
  return r.events.filter((e) => typeof e?.delta === 'string').map((e) => e.delta);
}

/** The chat requests this test sent: each test puts a unique marker in its messages. */
function calls(marker: string) {
  return llm.journal().filter((e) => e.path === CHAT && JSON.stringify(e.body).includes(marker));
}

/** Polls until `check` holds or `ms` pass; the upstream close may be seen a moment after the client's. */
async function eventually(check: () => boolean, ms = 400): Promise<boolean> {
  const until = performance.now() + ms;
  while (!check()) {
    if (performance.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

function user(content: string): Msg[] {
  return [{ role: 'user', content }];
}

const UPSTREAM_ERROR = { error: { code: 'upstream_error' } };
const PIECES = ['The ', 'answer ', 'is ', '42.'];

describe('upstream failures', () => {
  test('an upstream 503 gives one error event after exactly one request', async () => {
    const marker = 'hvcase-503';
    llm.script([{ match: { messages: marker }, respond: { status: 503, retryAfterMs: 10 } }]);
    const port = await start();
    const r = await chat(port, { messages: user(`What is the answer? (${marker})`) });
    expect(r.status).toBe(200);
    expect(r.contentType).toMatch(/^text\/event-stream/);
    expect(r.events).toEqual([UPSTREAM_ERROR]);
    expect(r.ended).toBe(true);
    expect(calls(marker)).toHaveLength(1);
  }, { weight: 2 });

  test('429, 500 and 401 are not retried either, and the key is never relayed', async () => {
    const marker = 'hvcase-statuses';
    const statuses = [429, 500, 401];
    llm.script(statuses.map((status) => ({
      match: { messages: `${marker}-${status}` },
      respond: { status, retryAfterMs: 10, message: 'Incorrect API key provided: sk-judge-sandbox-dummy-key.' },
    })));
    const port = await start();
    for (const status of statuses) {
      const r = await chat(port, { messages: user(`What is the answer? (${marker}-${status})`) });
      expect({ status, events: r.events }).toEqual({ status, events: [UPSTREAM_ERROR] });
      expect(calls(`${marker}-${status}`)).toHaveLength(1);
    }
  }, { weight: 1 });

  test('a stream that ends before the finish chunk is an upstream_error', async () => {
    const marker = 'hvcase-truncated';
    llm.script([{ match: { messages: marker }, respond: { truncateAfterChunks: 2, stream: PIECES } }]);
    const port = await start();
    const r = await chat(port, { messages: user(`What is the answer? (${marker})`) });
    expect(r.events).toEqual([{ delta: 'The ' }, { delta: 'answer ' }, UPSTREAM_ERROR]);
    expect(r.ended).toBe(true);
  }, { weight: 2 });

  test('a stream that ends without the usage chunk is an upstream_error', async () => {
    const marker = 'hvcase-no-usage';
    // 4 content chunks + the finish chunk are delivered; the usage chunk and [DONE] are not
    llm.script([{ match: { messages: marker }, respond: { truncateAfterChunks: 5, stream: PIECES } }]);
    const port = await start();
    const r = await chat(port, { messages: user(`What is the answer? (${marker})`) });
    expect(r.events).toEqual([...PIECES.map((delta) => ({ delta })), UPSTREAM_ERROR]);
    expect(r.ended).toBe(true);
  }, { weight: 1 });

  test('a connection dropped mid-stream is an upstream_error', async () => {
    const marker = 'hvcase-abrupt';
    llm.script([{ match: { messages: marker }, respond: { truncateAfterChunks: 3, abrupt: true, stream: PIECES } }]);
    const port = await start();
    const r = await chat(port, { messages: user(`What is the answer? (${marker})`) });
    expect(r.events).toEqual([{ delta: 'The ' }, { delta: 'answer ' }, { delta: 'is ' }, UPSTREAM_ERROR]);
    expect(r.ended).toBe(true);
  }, { weight: 1 });

  test('a chunk that is not valid JSON is an upstream_error', async () => {
    const marker = 'hvcase-malformed';
    llm.script([{ match: { messages: marker }, respond: { malformedJson: true, stream: PIECES } }]);
    const port = await start();
    const r = await chat(port, { messages: user(`What is the answer? (${marker})`) });
    expect(r.events).toEqual([{ delta: 'The ' }, UPSTREAM_ERROR]);
    expect(r.ended).toBe(true);
  }, { weight: 1 });

  test('an error frame before any content gives only the error event', async () => {
    const marker = 'hvcase-error-first';
    llm.script([{ match: { messages: marker }, respond: { errorFrameAfterChunks: 0, stream: PIECES } }]);
    const port = await start();
    const r = await chat(port, { messages: user(`What is the answer? (${marker})`) });
    expect(r.events).toEqual([UPSTREAM_ERROR]);
    expect(r.ended).toBe(true);
  }, { weight: 1 });
});
