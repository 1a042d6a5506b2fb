import { describe, test, expect, llm } from '@judge/test';
import { start, chat, calls, user } from '../helpers/proxy';

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
