import OpenAI from 'openai';
import { startMockLlm, type MockLlm } from '../../../sandbox/mock-llm';

let mock: MockLlm;
let client: OpenAI;

beforeAll(async () => {
  mock = await startMockLlm({ host: '127.0.0.1', port: 0 });
  client = new OpenAI({ baseURL: mock.baseUrl, apiKey: 'test-key', maxRetries: 0, logLevel: 'off' });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const params = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'tell me' }] };
const CHUNKS = ['a ', 'b ', 'c ', 'd ', 'e'];

async function waitFor(check: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Read a stream with an idle timeout: abort when no chunk arrives for `idleMs` after the first one. The first chunk
 * gets `FIRST_CHUNK_MS` (a loaded two-core machine can take more than `idleMs` to answer the first request).
 */
const FIRST_CHUNK_MS = 5_000;
async function readWithIdleTimeout(idleMs: number): Promise<{ texts: string[]; timedOut: boolean; ms: number }> {
  const controller = new AbortController();
  let timer = setTimeout(() => controller.abort(), FIRST_CHUNK_MS);
  const started = Date.now();
  const texts: string[] = [];
  const stream = await client.chat.completions.create({ ...params, stream: true }, { signal: controller.signal });
  try {
    for await (const chunk of stream) {
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(), idleMs);
      texts.push(chunk.choices[0]?.delta.content ?? '');
    }
  } catch (e) {
    if (!controller.signal.aborted) throw e;
  } finally {
    clearTimeout(timer);
  }
  return { texts, timedOut: controller.signal.aborted, ms: Date.now() - started };
}

describe('stream faults', () => {
  it('stallAfterChunks sends N chunks then goes silent; an idle timeout notices', async () => {
    mock.setScripts([{ respond: { stallAfterChunks: 2, stream: CHUNKS } }]);
    const { texts, timedOut, ms } = await readWithIdleTimeout(300);
    expect(texts).toEqual(['a ', 'b ']);
    expect(timedOut).toBe(true);
    expect(ms).toBeGreaterThanOrEqual(290);
    await waitFor(() => mock.journal()[0].latencyMs !== null);
    expect(mock.journal()[0]).toMatchObject({ status: 200, fault: 'stall', stream: true, clientClosed: true });
  });

  it('a normal stream is not cut by the same idle timeout', async () => {
    mock.setScripts([{ respond: { stream: CHUNKS, chunkDelayMs: 20 } }]);
    const { texts, timedOut } = await readWithIdleTimeout(300);
    expect(timedOut).toBe(false);
    expect(texts.join('')).toBe('a b c d e');
  });

  it('truncateAfterChunks ends without finish_reason or [DONE]', async () => {
    mock.setScripts([{ respond: { truncateAfterChunks: 3, stream: CHUNKS } }]);
    const stream = await client.chat.completions.create({ ...params, stream: true });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const c of stream) chunks.push(c);
    expect(chunks).toHaveLength(3);
    expect(chunks.map((c) => c.choices[0].finish_reason)).toEqual([null, null, null]);
    mock.setScripts([{ respond: { truncateAfterChunks: 3, stream: CHUNKS } }]);
    await expect(client.chat.completions.stream(params).finalChatCompletion()).rejects.toThrow(/finish_reason/);
  });

  it('truncateAfterChunks with abrupt destroys the connection mid-stream', async () => {
    mock.setScripts([{ respond: { truncateAfterChunks: 1, abrupt: true, stream: CHUNKS } }]);
    const stream = await client.chat.completions.create({ ...params, stream: true });
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const c of stream) seen.push(c.choices[0]?.delta.content ?? '');
      })(),
    ).rejects.toThrow();
    expect(seen).toEqual(['a ']);
  });

  it('errorFrameAfterChunks makes the SDK throw APIError', async () => {
    mock.setScripts([{ respond: { errorFrameAfterChunks: 2, message: 'boom mid-stream', stream: CHUNKS } }]);
    const stream = await client.chat.completions.create({ ...params, stream: true });
    const seen: string[] = [];
    const err = await (async () => {
      for await (const c of stream) seen.push(c.choices[0]?.delta.content ?? '');
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect((err as Error).message).toMatch(/boom mid-stream/);
    expect(seen).toEqual(['a ', 'b ']);
  });

  it('malformedJson breaks parsing, streaming and not', async () => {
    mock.setScripts([{ respond: { malformedJson: true } }]);
    const stream = await client.chat.completions.create({ ...params, stream: true });
    await expect(
      (async () => {
        for await (const _ of stream) void _;
      })(),
    ).rejects.toThrow(SyntaxError);
    mock.setScripts([{ respond: { malformedJson: true } }]);
    await expect(client.chat.completions.create(params)).rejects.toThrow();
    expect(mock.journal().map((e) => e.fault)).toEqual(['malformedJson', 'malformedJson']);
  });
});

describe('delays and hangs', () => {
  it('delayMs delays a normal answer', async () => {
    mock.setScripts([{ respond: { delayMs: 150 } }]);
    const started = Date.now();
    const res = await client.chat.completions.create(params);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(res.choices[0].message.content).toBe('Mock reply: tell me');
  });

  it('a non-streaming stall sends headers, then only a caller abort ends it', async () => {
    mock.setScripts([{ respond: { stallAfterChunks: 0 } }]);
    const controller = new AbortController();
    // The SDK's timeout ends at the headers (1 s leaves a loaded machine time to send them); the abort comes later.
    setTimeout(() => controller.abort(), 2_500);
    const started = Date.now();
    await expect(client.chat.completions.create(params, { signal: controller.signal, timeout: 1_000 })).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_490);
    expect(mock.journal()[0]).toMatchObject({ status: 200, fault: 'stall' });
  });

  it('hang (no headers) trips the SDK timeout', async () => {
    mock.setScripts([{ respond: { hang: true } }]);
    const started = Date.now();
    // APIConnectionTimeoutError outside jest; jest's separate realm hides the AbortError name, giving its parent class.
    await expect(client.chat.completions.create(params, { timeout: 200 })).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('hang never answers, and close() returns promptly', async () => {
    const own = await startMockLlm({ host: '127.0.0.1', port: 0 });
    own.setScripts([{ respond: { hang: true } }]);
    const c = new OpenAI({ baseURL: own.baseUrl, apiKey: 'test-key', maxRetries: 0 });
    const pending = c.chat.completions.create(params).then(
      () => 'answered',
      (e: unknown) => e,
    );
    const raced = await Promise.race([pending, new Promise((r) => setTimeout(() => r('still waiting'), 300))]);
    expect(raced).toBe('still waiting');
    expect(own.journal()[0]).toMatchObject({ status: null, fault: 'hang', latencyMs: null });
    expect(own.usage().inFlight).toBe(1);
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(500);
    expect(await pending).toBeInstanceOf(OpenAI.APIConnectionError);
  });
});
