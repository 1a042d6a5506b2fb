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

function fields(r: StreamResult): string[] {
  expect(r.status).toBe(400);
  expect(r.contentType).toMatch(/^application\/json/);
  expect(r.json?.error?.code).toBe('invalid_request');
  expect(Array.isArray(r.json.error.details)).toBe(true);
  for (const d of r.json.error.details) expect(typeof d.message).toBe('string');
  return [...new Set<string>(r.json.error.details.map((d: { field: string }) => d.field))];
}

describe('validation', () => {
  test('a body that is not JSON or not an object is a 400 naming the body', async () => {
    const port = await start();
    for (const raw of ['{"messages": [', '', '[{"role":"user","content":"hvcase-body"}]', 'null', '"hvcase-body"']) {
      expect(fields(await chat(port, null, { raw }))).toEqual(['body']);
    }
    expect(calls('hvcase-body')).toHaveLength(0);
  }, { weight: 1 });

  test('messages must be an array of 1 to 32 messages', async () => {
    const marker = 'hvcase-count';
    llm.script([{ match: { messages: marker }, respond: { stream: ['ok'] } }]);
    const port = await start();
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content: `m${i} ${marker}` }));
    for (const messages of [undefined, null, {}, 'hello', [], many(33)]) {
      expect(fields(await chat(port, { messages }))).toEqual(['messages']);
    }
    expect(calls(marker)).toHaveLength(0);
    const ok = await chat(port, { messages: many(31) });
    expect(ok.status).toBe(200);
    expect(deltas(ok)).toEqual(['ok']);
    expect(calls(marker)).toHaveLength(1);
    expect((calls(marker)[0].body as { messages: unknown[] }).messages).toHaveLength(31);
  }, { weight: 1 });

  test('each message needs a known role and non-blank string content', async () => {
    const port = await start();
    const q = { role: 'user', content: 'hvcase-message-shape question' };
    const bad = [
      [{ role: 'user', content: '' }],
      [{ role: 'user', content: ' \n\t ' }],
      [{ role: 'user' }],
      [{ role: 'user', content: 42 }],
      [{ role: 'user', content: [{ type: 'text', text: 'hvcase-message-shape' }] }],
      [{ role: 'tool', content: 'hvcase-message-shape' }, q],
      [{ role: 'developer', content: 'hvcase-message-shape' }, q],
      [{ content: 'hvcase-message-shape' }, q],
      [{ role: 'USER', content: 'hvcase-message-shape' }],
      ['hvcase-message-shape', q],
      [null, q],
      [q, { role: 'assistant', content: 'fine' }, { role: 'system', content: '' }, q],
    ];
    for (const messages of bad) {
      const r = await chat(port, { messages });
      expect({ messages, fields: fields(r) }).toEqual({ messages, fields: ['messages'] });
    }
    expect(calls('hvcase-message-shape')).toHaveLength(0);
  }, { weight: 2 });

  test('the last message must come from the user', async () => {
    const port = await start();
    const q = { role: 'user', content: 'hvcase-last-role question' };
    for (const messages of [[q, { role: 'assistant', content: 'hvcase-last-role reply' }], [{ role: 'system', content: 'hvcase-last-role only system' }]]) {
      expect(fields(await chat(port, { messages }))).toEqual(['messages']);
    }
    expect(calls('hvcase-last-role')).toHaveLength(0);
  }, { weight: 1 });

  test('other paths and methods are a 404 not_found', async () => {
    const port = await start();
    const body = { messages: [{ role: 'user', content: 'hvcase-not-found' }] };
    for (const [method, path] of [['GET', '/chat/stream'], ['POST', '/chat'], ['POST', '/chat/stream/x'], ['PUT', '/chat/stream']]) {
      const r = await chat(port, body, { method, path });
      expect({ method, path, status: r.status, code: r.json?.error?.code }).toEqual({ method, path, status: 404, code: 'not_found' });
    }
    expect(calls('hvcase-not-found')).toHaveLength(0);
  }, { weight: 1 });
});
