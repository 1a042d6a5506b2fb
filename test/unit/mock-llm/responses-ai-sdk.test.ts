import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startMockLlm, type MockLlm } from '../../../sandbox/mock-llm';

const run = promisify(execFile);
const TSX = join(__dirname, '../../../node_modules/.bin/tsx');

let mock: MockLlm;
let out: Record<string, any>;

beforeAll(async () => {
  mock = await startMockLlm({ host: '127.0.0.1', port: 0 });
  mock.setScripts([
    { match: { messages: 'poem' }, respond: { stream: ['Roses ', 'are ', 'red.'] } },
    { match: { messages: 'Weather in Oslo', times: 1 }, respond: { toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] } },
    { match: { messages: 'rainy' }, respond: { reply: 'It is rainy in Oslo.' } },
    { match: { messages: 'retry me', times: 1 }, respond: { status: 429, retryAfterMs: 100 } },
    { match: { messages: 'break the stream' }, respond: { errorFrameAfterChunks: 5, stream: ['a ', 'b ', 'c'] } },
  ]);
  // The AI SDK is ES modules only: its calls run in a child process (see ai-sdk-client.ts) against this mock.
  const { stdout } = await run(TSX, [join(__dirname, 'ai-sdk-client.ts'), mock.baseUrl], {
    timeout: 50_000,
    env: { ...process.env, OPENAI_BASE_URL: mock.baseUrl, OPENAI_API_KEY: 'test-key' },
  });
  out = JSON.parse(stdout);
}, 60_000);
afterAll(() => mock.close());

describe('responses: the AI SDK (createOpenAI and the default openai provider)', () => {
  it('generateText answers over /v1/responses with usage', () => {
    expect(out.text).toMatchObject({ text: 'Refunds are paid within 14 days. [refunds.md#0]', finishReason: 'stop' });
    expect(out.text.usage.inputTokens).toBeGreaterThan(0);
    expect(out.text.usage.outputTokens).toBeGreaterThan(0);
  });

  it('streamText streams the scripted pieces', () => {
    expect(out.stream.pieces.join('')).toBe('Roses are red.');
    expect(out.stream.finishReason).toBe('stop');
    expect(out.stream.usage.outputTokens).toBeGreaterThan(0);
  });

  it('generateObject gets an object valid for its zod schema (json_schema, strict)', () => {
    expect(out.object).toEqual({ object: { city: '', population: 1, tags: [] } });
  });

  it('a tool call round trip: the call, its output sent back, then the answer', () => {
    expect(out.tools).toMatchObject({ text: 'It is rainy in Oslo.', steps: 2, toolCalls: [{ name: 'get_weather', input: { city: 'Oslo' } }] });
  });

  it('the default openai provider reads OPENAI_BASE_URL and uses responses', () => {
    expect(out.defaultProvider).toEqual({ text: 'Mock reply: default provider' });
  });

  it('retries a scripted 429, honouring retry-after-ms', () => {
    expect(out.retry).toEqual({ text: 'Mock reply: retry me' });
    const retried = mock.journal().filter((e) => JSON.stringify(e.body).includes('retry me'));
    expect(retried.map((e) => e.status)).toEqual([429, 200]);
    expect(Date.parse(retried[1].time) - Date.parse(retried[0].time)).toBeGreaterThanOrEqual(95);
  });

  it('reports an error event mid-stream as an error part after the text so far', () => {
    expect(out.streamError.text).toBe('a ');
    expect(out.streamError.parts).toContain('error');
    expect(mock.journal().find((e) => JSON.stringify(e.body).includes('break the stream'))?.fault).toBe('errorFrame');
  });

  it('every call went to /v1/responses and is journaled', () => {
    const entries = mock.journal();
    expect(new Set(entries.map((e) => e.path))).toEqual(new Set(['/v1/responses']));
    expect(entries.filter((e) => e.status !== 200)).toHaveLength(1);
    const formats = entries.map((e) => (e.body as any).text?.format?.type);
    expect(formats).toContain('json_schema');
    expect(mock.usage().byPath['/v1/responses'].calls).toBe(entries.length);
  });
});
