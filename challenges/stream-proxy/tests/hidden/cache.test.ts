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

describe('sharing identical requests', () => {
  test('a completed answer is replayed from memory without calling the upstream', async () => {
    const marker = 'hvcase-replay';
    llm.script([{ match: { messages: marker }, respond: { stream: ['Cached ', 'answer.'] } }]);
    const port = await start();
    const body = { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: `Cache me (${marker})` }] };
    const first = await chat(port, body);
    expect(deltas(first)).toEqual(['Cached ', 'answer.']);
    expect(first.events[first.events.length - 1].done).toBe(true);
    const second = await chat(port, body);
    const third = await chat(port, body);
    expect(second.status).toBe(200);
    expect(second.events).toEqual(first.events);
    expect(third.events).toEqual(first.events);
    expect(second.ended).toBe(true);
    expect(calls(marker)).toHaveLength(1);
  }, { weight: 2 });

  test('requests that differ in any message or role are not shared', async () => {
    const marker = 'hvcase-distinct';
    llm.script([
      { match: { messages: 'Variant A' }, respond: { stream: ['A'] } },
      { match: { messages: 'Variant B' }, respond: { stream: ['B'] } },
      { match: { messages: marker }, respond: { stream: ['plain'] } },
    ]);
    const port = await start();
    const question = { role: 'user', content: `Which variant? (${marker})` };
    const bodies = [
      { messages: [question] },
      { messages: [{ role: 'system', content: 'Variant A' }, question] },
      { messages: [{ role: 'system', content: 'Variant B' }, question] },
      { messages: [{ role: 'user', content: 'Variant A' }, question] },
    ];
    const results = [];
    for (const body of bodies) results.push(await chat(port, body));
    expect(results.map(deltas)).toEqual([['plain'], ['A'], ['B'], ['A']]);
    expect(calls(marker)).toHaveLength(4);
  }, { weight: 1 });

  test('concurrent identical requests share one upstream stream; late joiners get it from the start', async () => {
    const marker = 'hvcase-collapse';
    const pieces = ['One ', 'stream ', 'for ', 'all.'];
    llm.script([{ match: { messages: marker }, respond: { stream: pieces, delayMs: 50, chunkDelayMs: 70 } }]);
    const port = await start();
    const body = { messages: user(`Share it (${marker})`) };
    let joinedLate: Promise<Awaited<ReturnType<typeof chat>>> | undefined;
    const early = await Promise.all([
      chat(port, body, {
        stopWhen: (events) => {
          // once two deltas are out, one more identical request joins mid-stream
          if (events.length === 2 && !joinedLate) joinedLate = chat(port, body);
          return false;
        },
      }),
      chat(port, body),
      chat(port, body),
    ]);
    const late = await joinedLate!;
    const expected = [...pieces.map((delta) => ({ delta })), { done: true, usage: expect.any(Object) }];
    for (const r of [...early, late]) {
      expect(r.events).toEqual(expected);
      expect(r.ended).toBe(true);
    }
    expect(late.events).toEqual(early[0].events);
    expect(calls(marker)).toHaveLength(1);
    const after = await chat(port, body);
    expect(after.events).toEqual(early[0].events);
    expect(calls(marker)).toHaveLength(1);
  }, { weight: 3 });

  test('a stream that failed is not reused', async () => {
    const marker = 'hvcase-failed-not-cached';
    llm.script([
      { match: { messages: marker, times: 1 }, respond: { errorFrameAfterChunks: 1, stream: ['Half ', 'an ', 'answer.'] } },
      { match: { messages: marker }, respond: { stream: ['Whole ', 'answer.'] } },
    ]);
    const port = await start();
    const body = { messages: user(`Try again (${marker})`) };
    const first = await chat(port, body);
    expect(first.events).toEqual([{ delta: 'Half ' }, { error: { code: 'upstream_error' } }]);
    const second = await chat(port, body);
    expect(deltas(second)).toEqual(['Whole ', 'answer.']);
    expect(second.events[second.events.length - 1].done).toBe(true);
    expect(calls(marker)).toHaveLength(2);
  }, { weight: 2 });

  test('a stream that timed out is not reused', async () => {
    const marker = 'hvcase-timeout-not-cached';
    llm.script([
      { match: { messages: marker, times: 1 }, respond: { stallAfterChunks: 1, stream: ['Half ', 'an ', 'answer.'] } },
      { match: { messages: marker }, respond: { stream: ['Whole ', 'answer.'] } },
    ]);
    const port = await start();
    const body = { messages: user(`Try again (${marker})`) };
    const first = await chat(port, body);
    expect(first.events).toEqual([{ delta: 'Half ' }, { error: { code: 'upstream_timeout' } }]);
    const second = await chat(port, body);
    expect(deltas(second)).toEqual(['Whole ', 'answer.']);
    expect(calls(marker)).toHaveLength(2);
  }, { weight: 1 });

  test('a stream abandoned by its only client is not reused', async () => {
    const marker = 'hvcase-abandoned';
    llm.script([
      { match: { messages: marker, times: 1 }, respond: { stream: ['Never ', 'finished ', 'this ', 'one.'], chunkDelayMs: 80 } },
      { match: { messages: marker }, respond: { stream: ['Fresh ', 'answer.'] } },
    ]);
    const port = await start();
    const body = { messages: user(`Leave early (${marker})`) };
    const first = await chat(port, body, { stopWhen: (events) => events.length >= 1 });
    expect(first.events).toEqual([{ delta: 'Never ' }]);
    expect(await eventually(() => calls(marker)[0]?.clientClosed === true, 400)).toBe(true);
    const second = await chat(port, body);
    expect(deltas(second)).toEqual(['Fresh ', 'answer.']);
    expect(second.events[second.events.length - 1].done).toBe(true);
    expect(calls(marker)).toHaveLength(2);
  }, { weight: 1 });
});
