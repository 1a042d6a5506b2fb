import OpenAI from 'openai';
import { startMockLlm, type MockLlm } from '../../../sandbox/mock-llm';

let mock: MockLlm;
let client: OpenAI;

beforeAll(async () => {
  mock = await startMockLlm({ host: '127.0.0.1', port: 0, prices: { models: { 'gpt-4o-mini': { inputPerMillion: 1, outputPerMillion: 2 } } } });
  client = new OpenAI({ baseURL: mock.baseUrl, apiKey: 'sk-secret-test-key', maxRetries: 0, defaultHeaders: { cookie: 'session=abc', 'x-trace': 't1' } });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const chat = (content: string, model = 'gpt-4o-mini'): Promise<string | null> =>
  client.chat.completions.create({ model, messages: [{ role: 'user', content }] }).then((r) => r.choices[0].message.content);

describe('journal', () => {
  it('records requests without credentials', async () => {
    await chat('hello');
    const [e] = mock.journal();
    expect(e).toMatchObject({ seq: 1, method: 'POST', path: '/v1/chat/completions', status: 200, hasApiKey: true, model: 'gpt-4o-mini', stream: false, rule: null, call: 1, retryCount: 0, isRetry: false, fault: null, clientClosed: false });
    expect(e.headers.authorization).toBeUndefined();
    expect(e.headers.cookie).toBeUndefined();
    expect(e.headers['x-trace']).toBe('t1');
    expect(e.headers['x-stainless-retry-count']).toBe('0');
    expect(JSON.stringify(e)).not.toContain('sk-secret-test-key');
    expect(e.body).toEqual({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }] });
    expect(e.promptTokens).toBeGreaterThan(0);
    expect(e.completionTokens).toBeGreaterThan(0);
    expect(e.latencyMs).toBeGreaterThanOrEqual(0);
    expect(new Date(e.time).getTime()).toBeGreaterThan(0);
  });

  it('returns deep copies', async () => {
    await chat('hello');
    const first = mock.journal();
    (first[0].body as { model: string }).model = 'changed';
    expect((mock.journal()[0].body as { model: string }).model).toBe('gpt-4o-mini');
  });

  it('summarises usage with costs from the price table', async () => {
    await chat('one');
    await client.embeddings.create({ model: 'text-embedding-3-small', input: 'two words' });
    mock.setScripts([{ respond: { status: 500 } }]);
    await chat('three').catch(() => undefined);
    const u = mock.usage();
    const j = mock.journal();
    expect(u.calls).toBe(3);
    expect(u.errors).toBe(1);
    expect(u.inFlight).toBe(0);
    expect(u.promptTokens).toBe(j.reduce((n, e) => n + e.promptTokens, 0));
    expect(u.totalTokens).toBe(u.promptTokens + u.completionTokens);
    expect(u.byPath['/v1/chat/completions'].calls).toBe(2);
    expect(u.byPath['/v1/embeddings'].completionTokens).toBe(0);
    const chatCost = (j[0].promptTokens * 1 + j[0].completionTokens * 2) / 1e6;
    const embCost = (j[1].promptTokens * 0.02) / 1e6;
    expect(u.byModel['gpt-4o-mini'].costUsd).toBeCloseTo(chatCost, 12);
    expect(u.costUsd).toBeCloseTo(chatCost + embCost, 12);
    expect(u.latencyMs.max).toBeGreaterThanOrEqual(u.latencyMs.mean);
  });
});

describe('scripts', () => {
  it('match on call number, model, messages regex and times; first match wins', async () => {
    mock.setScripts([
      { match: { call: 2 }, respond: { reply: 'second call' } },
      { match: { model: 'gpt-4o', messages: 'weather' }, respond: { reply: 'sunny' } },
      { match: { messages: /^ping$/m, times: 1 }, respond: { reply: 'pong' } },
      { match: { path: '/chat/completions' }, respond: { reply: 'fallback' } },
    ]);
    expect(await chat('ping')).toBe('pong');
    expect(await chat('anything')).toBe('second call');
    expect(await chat('ping')).toBe('fallback');
    expect(await chat('weather please', 'gpt-4o')).toBe('sunny');
    expect(await chat('weather please')).toBe('fallback');
    expect(mock.journal().map((e) => e.rule)).toEqual([2, 0, 3, 1, 3]);
  });

  it('skips rules whose response does not fit the route and exhausted rules', async () => {
    mock.setScripts([
      { respond: { reply: 'chat only' } },
      { match: { times: 1 }, respond: { embedding: [1, 0] } },
    ]);
    const e1 = await client.embeddings.create({ model: 'm', input: 'x', encoding_format: 'float' });
    const e2 = await client.embeddings.create({ model: 'm', input: 'x', encoding_format: 'float', dimensions: 4 });
    expect(e1.data[0].embedding).toEqual([1, 0]);
    expect(e2.data[0].embedding).toHaveLength(4);
    expect(mock.journal().map((e) => e.rule)).toEqual([1, null]);
  });

  it('rejects invalid rules', () => {
    expect(() => mock.setScripts([{ respond: {} } as never])).toThrow(/respond is empty/);
    expect(() => mock.setScripts([{ match: { messages: '(' }, respond: { reply: 'x' } }])).toThrow(/regex/);
    expect(() => mock.setScripts([{ respond: { status: 200 } }])).toThrow(/status/);
    expect(() => mock.setScripts([{ respond: { bogus: 1 } as never }])).toThrow(/unknown respond field/);
  });

  it('reset clears scripts, journal and call counters', async () => {
    mock.setScripts([{ respond: { reply: 'scripted' } }]);
    expect(await chat('a')).toBe('scripted');
    mock.reset();
    expect(mock.journal()).toEqual([]);
    expect(await chat('a')).toBe('Mock reply: a');
    expect(mock.journal()[0]).toMatchObject({ seq: 1, call: 1 });
  });
});

describe('control API (standalone mode)', () => {
  it('sets scripts and reads journal and usage over HTTP', async () => {
    const standalone = await startMockLlm({ host: '127.0.0.1', port: 0, controlApi: true });
    try {
      const root = standalone.baseUrl.replace(/\/v1$/, '');
      const put = await fetch(`${root}/_mock/scripts`, { method: 'PUT', body: JSON.stringify([{ match: { messages: 'hi' }, respond: { reply: 'hello from script' } }]) });
      expect(put.status).toBe(200);
      const bad = await fetch(`${root}/_mock/scripts`, { method: 'PUT', body: '[{"respond":{}}]' });
      expect(bad.status).toBe(400);
      const c = new OpenAI({ baseURL: standalone.baseUrl, apiKey: 'k', maxRetries: 0 });
      const res = await c.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
      expect(res.choices[0].message.content).toBe('hello from script');
      const journal = (await (await fetch(`${root}/_mock/journal`)).json()) as unknown[];
      expect(journal).toHaveLength(1);
      expect(((await (await fetch(`${root}/_mock/usage`)).json()) as { calls: number }).calls).toBe(1);
      expect((await fetch(`${root}/_mock/reset`, { method: 'POST' })).status).toBe(200);
      expect(standalone.journal()).toEqual([]);
    } finally {
      await standalone.close();
    }
  });
});
