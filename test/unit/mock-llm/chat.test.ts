import OpenAI from 'openai';
import { REFUSAL, startMockLlm, type MockLlm } from '../../../sandbox/mock-llm';

let mock: MockLlm;
let client: OpenAI;

beforeAll(async () => {
  mock = await startMockLlm({ host: '127.0.0.1', port: 0 });
  client = new OpenAI({ baseURL: mock.baseUrl, apiKey: 'test-key', maxRetries: 0 });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const CONTEXT = [
  'Answer using only the passages and cite them.',
  '[refunds.md#0] Refunds are paid within 14 days. Contact billing for help.',
  '[shipping.md#2] Parcels ship from Rotterdam every weekday.',
  '',
].join('\n');

describe('chat completions', () => {
  it('answers a plain request with usage counted by the tokenizer', async () => {
    const res = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello' }] });
    expect(res.object).toBe('chat.completion');
    expect(res.choices[0].message).toMatchObject({ role: 'assistant', content: 'Mock reply: Say hello' });
    expect(res.choices[0].finish_reason).toBe('stop');
    expect(res.usage?.prompt_tokens).toBeGreaterThan(3);
    expect(res.usage?.total_tokens).toBe((res.usage?.prompt_tokens ?? 0) + (res.usage?.completion_tokens ?? 0));
    expect(res._request_id).toMatch(/^req_/);
  });

  it('answers from the best passage with a citation, and refuses without overlap', async () => {
    const answer = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'system', content: CONTEXT }, { role: 'user', content: 'How many days until refunds are paid?' }],
    });
    expect(answer.choices[0].message.content).toBe('Refunds are paid within 14 days. [refunds.md#0]');
    const refusal = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: `${CONTEXT}\nWhat is the capital of Peru?` }],
    });
    expect(refusal.choices[0].message.content).toBe(REFUSAL);
  });

  it('streams chunks with one id/created, role first, finish_reason last and a usage chunk', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: `${CONTEXT}\nWhere do parcels ship from?` }],
    });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    expect(new Set(chunks.map((c) => c.created)).size).toBe(1);
    const withChoices = chunks.filter((c) => c.choices.length > 0);
    expect(withChoices[0].choices[0].delta.role).toBe('assistant');
    expect(withChoices.slice(0, -1).map((c) => c.choices[0].finish_reason)).toEqual(withChoices.slice(0, -1).map(() => null));
    expect(withChoices[withChoices.length - 1].choices[0].finish_reason).toBe('stop');
    const last = chunks[chunks.length - 1];
    expect(last.choices).toEqual([]);
    expect(last.usage?.completion_tokens).toBeGreaterThan(0);
    const text = withChoices.map((c) => c.choices[0].delta.content ?? '').join('');
    expect(text).toBe('Parcels ship from Rotterdam every weekday. [shipping.md#2]');
  });

  it('returns scripted tool calls, non-streaming', async () => {
    mock.setScripts([{ respond: { toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] } }]);
    const res = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
    });
    const msg = res.choices[0].message;
    expect(msg.content).toBeNull();
    expect(res.choices[0].finish_reason).toBe('tool_calls');
    expect(msg.tool_calls).toHaveLength(1);
    const call = msg.tool_calls![0] as OpenAI.Chat.Completions.ChatCompletionMessageFunctionToolCall;
    expect(call.type).toBe('function');
    expect(call.function.name).toBe('get_weather');
    expect(JSON.parse(call.function.arguments)).toEqual({ city: 'Paris' });
  });

  it('streams tool calls that the SDK stream helper accumulates', async () => {
    const args = { query: 'refund policy for enterprise customers', top_k: 5 };
    mock.setScripts([{ respond: { toolCalls: [{ name: 'search', arguments: args }, { name: 'lookup', arguments: '{"id":7}' }] } }]);
    const stream = client.chat.completions.stream({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'find it' }],
      tools: [
        { type: 'function', function: { name: 'search', parameters: { type: 'object', properties: {} } } },
        { type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } },
      ],
    });
    const final = await stream.finalChatCompletion();
    const calls = final.choices[0].message.tool_calls as OpenAI.Chat.Completions.ChatCompletionMessageFunctionToolCall[];
    expect(final.choices[0].finish_reason).toBe('tool_calls');
    expect(calls.map((c) => c.function.name)).toEqual(['search', 'lookup']);
    expect(JSON.parse(calls[0].function.arguments)).toEqual(args);
    expect(JSON.parse(calls[1].function.arguments)).toEqual({ id: 7 });
    expect(calls[0].id).toMatch(/^call_/);
  });

  it('forces a tool call with schema placeholder arguments when tool_choice names a function', async () => {
    const res = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'x' }],
      tools: [{ type: 'function', function: { name: 'add', parameters: { type: 'object', properties: { a: { type: 'integer' }, b: { type: 'number', minimum: 2 } }, required: ['a', 'b'] } } }],
      tool_choice: { type: 'function', function: { name: 'add' } },
    });
    const call = res.choices[0].message.tool_calls![0] as OpenAI.Chat.Completions.ChatCompletionMessageFunctionToolCall;
    expect(JSON.parse(call.function.arguments)).toEqual({ a: 0, b: 2 });
  });

  it('answers JSON mode with parseable JSON', async () => {
    const obj = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      response_format: { type: 'json_object' },
      messages: [{ role: 'user', content: `${CONTEXT}\nWhen are refunds paid?` }],
    });
    expect(JSON.parse(obj.choices[0].message.content!)).toEqual({ answer: 'Refunds are paid within 14 days. [refunds.md#0]', citations: ['refunds.md#0'] });

    const schema = {
      type: 'object',
      properties: {
        title: { type: 'string' },
        score: { type: 'number' },
        tags: { type: 'array', items: { type: 'string' } },
        meta: { type: 'object', properties: { ok: { type: 'boolean' }, kind: { enum: ['a', 'b'] } }, required: ['ok', 'kind'], additionalProperties: false },
        optional: { type: 'string' },
      },
      required: ['title', 'score', 'tags', 'meta'],
      additionalProperties: false,
    };
    const parsed = await client.chat.completions.parse({
      model: 'gpt-4o-mini',
      response_format: { type: 'json_schema', json_schema: { name: 'thing', schema } },
      messages: [{ role: 'user', content: 'give me a thing' }],
    });
    expect(parsed.choices[0].message.parsed).toEqual({ title: '', score: 0, tags: [], meta: { ok: false, kind: 'a' } });
  });

  it('cuts the reply at max_completion_tokens with finish_reason length', async () => {
    mock.setScripts([{ respond: { reply: 'one two three four five six seven eight nine ten' } }]);
    const res = await client.chat.completions.create({ model: 'gpt-4o-mini', max_completion_tokens: 3, messages: [{ role: 'user', content: 'count' }] });
    expect(res.choices[0].finish_reason).toBe('length');
    expect(res.choices[0].message.content).toBe('one two three');
    expect(res.usage?.completion_tokens).toBe(3);
  });

  it('streams scripted chunks as given', async () => {
    mock.setScripts([{ match: { messages: 'poem' }, respond: { stream: ['Roses ', 'are ', 'red'] } }]);
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'a poem' }] });
    const pieces: string[] = [];
    for await (const c of stream) pieces.push(c.choices[0]?.delta.content ?? '');
    expect(pieces).toEqual(['Roses ', 'are ', 'red', '']);
  });
});
