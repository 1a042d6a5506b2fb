import OpenAI from 'openai';
import { startMockLlm, type MockLlm } from '../../../sandbox/mock-llm';

let mock: MockLlm;
let client: OpenAI;

beforeAll(async () => {
  mock = await startMockLlm({ host: '127.0.0.1', port: 0 });
  client = new OpenAI({ baseURL: mock.baseUrl, apiKey: 'test-key', maxRetries: 0 });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const ask = (c: OpenAI = client): Promise<unknown> => c.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });

describe('models', () => {
  it('lists and retrieves models, 404 for an unknown id', async () => {
    const ids: string[] = [];
    for await (const m of client.models.list()) ids.push(m.id);
    expect(ids).toContain('gpt-4o-mini');
    expect(ids).toContain('text-embedding-3-small');
    expect(await client.models.retrieve('gpt-4o')).toMatchObject({ id: 'gpt-4o', object: 'model', owned_by: 'mock-llm' });
    await expect(client.models.retrieve('nope')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });
});

describe('scripted error statuses map to SDK error classes', () => {
  const cases: Array<[number, new (...a: never[]) => Error]> = [
    [400, OpenAI.BadRequestError],
    [401, OpenAI.AuthenticationError],
    [403, OpenAI.PermissionDeniedError],
    [404, OpenAI.NotFoundError],
    [409, OpenAI.ConflictError],
    [422, OpenAI.UnprocessableEntityError],
    [429, OpenAI.RateLimitError],
    [500, OpenAI.InternalServerError],
    [503, OpenAI.InternalServerError],
  ];
  it.each(cases)('status %i', async (status, cls) => {
    mock.setScripts([{ respond: { status, message: `scripted ${status}` } }]);
    const err = (await ask().catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(err).toBeInstanceOf(cls);
    expect(err.status).toBe(status);
    expect(err.error).toMatchObject({ message: `scripted ${status}`, param: null });
    expect(err.requestID).toMatch(/^req_/);
    expect(mock.journal()[0]).toMatchObject({ status, fault: 'status', rule: 0 });
  });

  it('sends retry-after-ms and retry-after on 429', async () => {
    mock.setScripts([{ respond: { status: 429, retryAfterMs: 1500 } }]);
    const err = (await ask().catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(err.headers?.get('retry-after-ms')).toBe('1500');
    expect(err.headers?.get('retry-after')).toBe('2');
    expect(err.error).toMatchObject({ type: 'requests', code: 'rate_limit_exceeded' });
  });
});

describe('SDK retries', () => {
  it('succeeds after two scripted 429s, with three attempts in the journal', async () => {
    const retrying = new OpenAI({ baseURL: mock.baseUrl, apiKey: 'test-key', maxRetries: 2 });
    mock.setScripts([{ match: { path: '/v1/chat/completions', times: 2 }, respond: { status: 429, retryAfterMs: 50 } }]);
    const started = Date.now();
    const res = (await ask(retrying)) as OpenAI.Chat.Completions.ChatCompletion;
    expect(res.choices[0].message.content).toBe('Mock reply: hi');
    expect(Date.now() - started).toBeLessThan(2000);
    const journal = mock.journal();
    expect(journal.map((e) => e.status)).toEqual([429, 429, 200]);
    expect(journal.map((e) => e.retryCount)).toEqual([0, 1, 2]);
    expect(journal.map((e) => e.isRetry)).toEqual([false, true, true]);
    expect(journal.map((e) => e.call)).toEqual([1, 2, 3]);
    expect(mock.usage()).toMatchObject({ calls: 3, retries: 2, errors: 2 });
  });

  it('does not retry a 400', async () => {
    const retrying = new OpenAI({ baseURL: mock.baseUrl, apiKey: 'test-key', maxRetries: 2 });
    mock.setScripts([{ respond: { status: 400 } }]);
    await expect(ask(retrying)).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    expect(mock.journal()).toHaveLength(1);
  });
});

describe('raw HTTP', () => {
  const post = (path: string, body: string, headers: Record<string, string> = { authorization: 'Bearer k' }): Promise<Response> =>
    fetch(`${mock.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  const errorOf = async (res: Response): Promise<Record<string, unknown>> => ((await res.json()) as { error: Record<string, unknown> }).error;

  it('401 without credentials, with x-request-id and the error shape', async () => {
    const res = await post('/chat/completions', '{}', {});
    expect(res.status).toBe(401);
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    expect(await errorOf(res)).toEqual(expect.objectContaining({ type: 'invalid_request_error', param: null, code: null }));
    expect(mock.journal()[0]).toMatchObject({ status: 401, hasApiKey: false });
  });

  it('404 for unknown routes, 400 for invalid JSON and invalid bodies', async () => {
    const unknown = await post('/completions/legacy', '{}');
    expect(unknown.status).toBe(404);
    expect(Object.keys(await errorOf(unknown)).sort()).toEqual(['code', 'message', 'param', 'type']);
    expect((await post('/chat/completions', '{"model":')).status).toBe(400);
    const noModel = await post('/chat/completions', '{"messages":[{"role":"user","content":"x"}]}');
    expect(noModel.status).toBe(400);
    expect((await errorOf(noModel)).param).toBe('model');
    expect((await fetch(`${mock.baseUrl}/models`, { method: 'DELETE', headers: { authorization: 'Bearer k' } })).status).toBe(404);
  });

  it('has no control endpoints unless controlApi is on', async () => {
    expect((await fetch(`${mock.baseUrl.replace('/v1', '')}/_mock/journal`, { headers: { authorization: 'Bearer k' } })).status).toBe(404);
    const put = await fetch(`${mock.baseUrl.replace('/v1', '')}/_mock/scripts`, { method: 'PUT', headers: { authorization: 'Bearer k' }, body: '[]' });
    expect(put.status).toBe(404);
  });
});
