import OpenAI from 'openai';
import { zodTextFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import { IMAGE_TOKENS, startMockLlm, type MockLlm } from '../../../sandbox/mock-llm';

let mock: MockLlm;
let client: OpenAI;

beforeAll(async () => {
  mock = await startMockLlm({ host: '127.0.0.1', port: 0 });
  client = new OpenAI({ baseURL: mock.baseUrl, apiKey: 'test-key', maxRetries: 0, logLevel: 'off' });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const CONTEXT = [
  '[refunds.md#0] Refunds are paid within 14 days. Contact billing for help.',
  '[shipping.md#2] Parcels ship from Rotterdam every weekday.',
  '',
].join('\n');

const weatherTool = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Weather for a city',
  strict: true,
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
};

async function raw(path: string, init: RequestInit = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(`${mock.baseUrl}${path}`, { ...init, headers: { authorization: 'Bearer k', 'content-type': 'application/json' } });
  return { status: res.status, body: await res.json() };
}

describe('responses: openai client', () => {
  it('answers a string input with output_text, usage and a journal entry', async () => {
    const res = await client.responses.create({ model: 'gpt-4o-mini', input: 'Say hello' });
    expect(res.object).toBe('response');
    expect(res.id).toMatch(/^resp_/);
    expect(res.status).toBe('completed');
    expect(res.output_text).toBe('Mock reply: Say hello');
    expect(res.output[0]).toMatchObject({ type: 'message', role: 'assistant', status: 'completed' });
    expect(res.usage?.input_tokens).toBeGreaterThan(3);
    expect(res.usage?.total_tokens).toBe(res.usage!.input_tokens + res.usage!.output_tokens);
    expect(res.usage?.input_tokens_details.cached_tokens).toBe(0);
    expect(res.usage?.output_tokens_details.reasoning_tokens).toBe(0);
    const [entry] = mock.journal();
    expect(entry).toMatchObject({ path: '/v1/responses', model: 'gpt-4o-mini', status: 200, stream: false, promptTokens: res.usage!.input_tokens, completionTokens: res.usage!.output_tokens });
    expect(mock.usage().byPath['/v1/responses'].calls).toBe(1);
    expect(mock.usage().costUsd).toBeGreaterThan(0);
  });

  it('reads instructions and input items (input_text parts, function_call_output) for the default answer', async () => {
    const res = await client.responses.create({
      model: 'gpt-4o-mini',
      instructions: 'Answer from the passages and cite ids.',
      input: [
        { role: 'user', content: [{ type: 'input_text', text: 'How many days until refunds are paid?' }] },
        { type: 'function_call', call_id: 'call_1', name: 'search', arguments: '{"q":"refunds"}' },
        { type: 'function_call_output', call_id: 'call_1', output: CONTEXT },
      ],
    });
    expect(res.output_text).toBe('Refunds are paid within 14 days. [refunds.md#0]');
    expect(res.instructions).toBe('Answer from the passages and cite ids.');
    const text = await client.responses.create({ model: 'gpt-4o-mini', input: [{ role: 'user', content: [{ type: 'input_text', text: 'What is this?' }] }] });
    const image = await client.responses.create({
      model: 'gpt-4o-mini',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'What is this?' }, { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'auto' }] }],
    });
    expect(image.output_text).toBe('Mock reply: What is this?');
    expect(image.usage!.input_tokens - text.usage!.input_tokens).toBe(IMAGE_TOKENS);
  });

  it('returns scripted function calls, then answers the function_call_output round trip', async () => {
    mock.setScripts([
      { match: { path: '/v1/responses', call: 1 }, respond: { toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] } },
      { match: { messages: 'sunny' }, respond: { reply: 'It is sunny in Paris.' } },
    ]);
    const first = await client.responses.create({ model: 'gpt-4o-mini', input: 'Weather in Paris?', tools: [weatherTool] });
    const call = first.output.find((o) => o.type === 'function_call');
    expect(call).toMatchObject({ type: 'function_call', name: 'get_weather', status: 'completed' });
    if (call?.type !== 'function_call') throw new Error('no call');
    expect(call.call_id).toMatch(/^call_/);
    expect(call.id).toMatch(/^fc_/);
    expect(JSON.parse(call.arguments)).toEqual({ city: 'Paris' });
    expect(first.output_text).toBe('');
    const second = await client.responses.create({
      model: 'gpt-4o-mini',
      previous_response_id: first.id,
      input: [{ type: 'function_call_output', call_id: call.call_id, output: '{"forecast":"sunny"}' }],
      tools: [weatherTool],
    });
    expect(second.output_text).toBe('It is sunny in Paris.');
    expect(mock.journal().map((e) => e.rule)).toEqual([0, 1]);
  });

  it('forces a tool with tool_choice and fills its arguments from the schema', async () => {
    const res = await client.responses.create({ model: 'gpt-4o-mini', input: 'x', tools: [weatherTool], tool_choice: { type: 'function', name: 'get_weather' } });
    expect(res.output).toHaveLength(1);
    expect(res.output[0]).toMatchObject({ type: 'function_call', name: 'get_weather', arguments: '{"city":""}' });
    const required = await client.responses.create({ model: 'gpt-4o-mini', input: 'x', tools: [weatherTool], tool_choice: 'required' });
    expect(required.output[0].type).toBe('function_call');
    const auto = await client.responses.create({ model: 'gpt-4o-mini', input: 'x', tools: [weatherTool] });
    expect(auto.output[0].type).toBe('message');
  });

  it('parses a strict json_schema answer with responses.parse and zodTextFormat', async () => {
    const Thing = z.object({ title: z.string(), score: z.number().min(2), tags: z.array(z.string()), kind: z.enum(['a', 'b']), when: z.string().nullable() });
    const res = await client.responses.parse({ model: 'gpt-4o-mini', input: 'give me a thing', text: { format: zodTextFormat(Thing, 'thing') } });
    expect(res.output_parsed).toEqual({ title: '', score: 2, tags: [], kind: 'a', when: '' });
    expect(Thing.safeParse(res.output_parsed).success).toBe(true);
    expect(res.text?.format).toMatchObject({ type: 'json_schema', name: 'thing', strict: true });
  });

  it('answers json_object with the default answer and citations', async () => {
    const res = await client.responses.create({ model: 'gpt-4o-mini', input: `${CONTEXT}\nWhen are refunds paid?`, text: { format: { type: 'json_object' } } });
    expect(JSON.parse(res.output_text)).toEqual({ answer: 'Refunds are paid within 14 days. [refunds.md#0]', citations: ['refunds.md#0'] });
  });

  it('cuts the answer at max_output_tokens with status incomplete', async () => {
    mock.setScripts([{ respond: { reply: Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ') } }]);
    const res = await client.responses.create({ model: 'gpt-4o-mini', input: 'count', max_output_tokens: 16 });
    expect(res.status).toBe('incomplete');
    expect(res.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(res.usage?.output_tokens).toBe(16);
  });

  it('streams typed events with sequence numbers; the stream helper gives the final text', async () => {
    const stream = client.responses.stream({ model: 'gpt-4o-mini', input: `${CONTEXT}\nWhere do parcels ship from?` });
    const types: string[] = [];
    const seqs: number[] = [];
    let deltas = '';
    stream.on('event', (e) => {
      types.push(e.type);
      seqs.push(e.sequence_number);
    });
    stream.on('response.output_text.delta', (e) => (deltas += e.delta));
    const final = await stream.finalResponse();
    expect(final.output_text).toBe('Parcels ship from Rotterdam every weekday. [shipping.md#2]');
    expect(deltas).toBe(final.output_text);
    expect(types.slice(0, 4)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
    expect(types.slice(-4)).toEqual(['response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed']);
    expect(seqs).toEqual(seqs.map((_, i) => i));
    expect(final.usage?.output_tokens).toBeGreaterThan(0);
    expect(mock.journal()[0]).toMatchObject({ stream: true, status: 200, completionTokens: final.usage!.output_tokens });
  });

  it('streams function call arguments in fragments', async () => {
    const args = { query: 'refund policy for enterprise customers', top_k: 5 };
    mock.setScripts([{ respond: { toolCalls: [{ name: 'search', arguments: args }] } }]);
    const stream = await client.responses.create({ model: 'gpt-4o-mini', input: 'find it', stream: true, tools: [{ ...weatherTool, name: 'search', strict: false }] });
    let fromDeltas = '';
    let done: any = null;
    for await (const e of stream) {
      if (e.type === 'response.function_call_arguments.delta') fromDeltas += e.delta;
      if (e.type === 'response.function_call_arguments.done') done = e;
    }
    expect(JSON.parse(fromDeltas)).toEqual(args);
    expect(done.arguments).toBe(fromDeltas);
  });

  it('stores responses: GET retrieves them, previous_response_id continues them, unknown ids are 404', async () => {
    const first = await client.responses.create({ model: 'gpt-4o-mini', input: `${CONTEXT}\nWhere do parcels ship from?` });
    const got = await client.responses.retrieve(first.id);
    expect(got.output_text).toBe(first.output_text);
    expect(got.id).toBe(first.id);
    const next = await client.responses.create({ model: 'gpt-4o-mini', previous_response_id: first.id, input: 'And how many days until refunds are paid?' });
    expect(next.output_text).toBe('Refunds are paid within 14 days. [refunds.md#0]');
    expect(next.previous_response_id).toBe(first.id);
    expect(next.usage!.input_tokens).toBeGreaterThan(first.usage!.input_tokens + first.usage!.output_tokens);
    const items: any[] = [];
    for await (const item of client.responses.inputItems.list(next.id)) items.push(item);
    expect(items.map((i) => [i.type, i.role])).toEqual([['message', 'user'], ['message', 'assistant'], ['message', 'user']]);
    expect(items[0].content).toEqual([{ type: 'input_text', text: 'And how many days until refunds are paid?' }]);
    expect(items.every((i) => typeof i.id === 'string')).toBe(true);
    await expect(client.responses.retrieve('resp_nope')).rejects.toMatchObject({ status: 404 });
    await expect(client.responses.create({ model: 'gpt-4o-mini', previous_response_id: 'resp_nope', input: 'x' })).rejects.toMatchObject({ status: 404, param: 'previous_response_id' });
    const unstored = await client.responses.create({ model: 'gpt-4o-mini', input: 'x', store: false });
    await expect(client.responses.retrieve(unstored.id)).rejects.toMatchObject({ status: 404 });
    await client.responses.delete(first.id);
    await expect(client.responses.retrieve(first.id)).rejects.toMatchObject({ status: 404 });
  });

  it('resolves item_reference inputs to stored output items', async () => {
    const first = await client.responses.create({ model: 'gpt-4o-mini', input: `${CONTEXT}\nWhere do parcels ship from?` });
    mock.setScripts([{ match: { messages: 'Rotterdam every weekday. \\[shipping' }, respond: { reply: 'seen' } }]);
    const next = await client.responses.create({ model: 'gpt-4o-mini', input: [{ type: 'item_reference', id: first.output[0].id! }, { role: 'user', content: 'ok?' }] });
    expect(next.output_text).toBe('seen');
  });

  it('reports cached tokens when a long previous conversation is the prefix', async () => {
    const long = `${'Refunds are paid within fourteen days of the request. '.repeat(120)}\n\nSummarise.`;
    const first = await client.responses.create({ model: 'gpt-4o-mini', input: long });
    const next = await client.responses.create({ model: 'gpt-4o-mini', previous_response_id: first.id, input: 'Shorter please.' });
    const cached = next.usage!.input_tokens_details.cached_tokens;
    expect(cached % 128).toBe(0);
    expect(cached).toBeGreaterThanOrEqual(1024);
    expect(cached).toBeLessThanOrEqual(first.usage!.input_tokens + first.usage!.output_tokens);
  });

  it('retries a scripted 429 honouring retry-after-ms, and the journal counts the retries', async () => {
    const retrying = new OpenAI({ baseURL: mock.baseUrl, apiKey: 'test-key', maxRetries: 2, logLevel: 'off' });
    mock.setScripts([{ match: { path: '/v1/responses', times: 2 }, respond: { status: 429, retryAfterMs: 150 } }]);
    const started = Date.now();
    const res = await retrying.responses.create({ model: 'gpt-4o-mini', input: 'hi' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(res.output_text).toBe('Mock reply: hi');
    expect(mock.journal().map((e) => [e.status, e.retryCount])).toEqual([[429, 0], [429, 1], [200, 2]]);
    const usage = mock.usage();
    expect(usage.byPath['/v1/responses']).toMatchObject({ calls: 3, errors: 2, retries: 2 });
    expect(usage.errorKinds).toEqual({ '429': 2 });
  });

  it('sends x-ratelimit and retry headers on a scripted 429 and 5xx errors in the OpenAI shape', async () => {
    mock.setScripts([{ match: { call: 1 }, respond: { status: 429, retryAfterMs: 2500 } }, { match: { call: 2 }, respond: { status: 503 } }]);
    const res = await fetch(`${mock.baseUrl}/responses`, { method: 'POST', headers: { authorization: 'Bearer k' }, body: JSON.stringify({ model: 'm', input: 'x' }) });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after-ms')).toBe('2500');
    expect(res.headers.get('retry-after')).toBe('3');
    expect(res.headers.get('x-ratelimit-limit-requests')).not.toBeNull();
    expect(res.headers.get('x-ratelimit-reset-requests')).not.toBeNull();
    await expect(client.responses.create({ model: 'm', input: 'x' })).rejects.toMatchObject({ status: 503, code: 'overloaded' });
  });

  it('rejects bad requests with OpenAI-shaped 400s', async () => {
    const cases: [unknown, string][] = [
      [{ input: 'x' }, 'model'],
      [{ model: 'm' }, 'input'],
      [{ model: 'm', input: 7 }, 'input'],
      [{ model: 'm', input: [{ role: 'robot', content: 'x' }] }, 'input[0].role'],
      [{ model: 'm', input: [{ role: 'user', content: [{ type: 'weird' }] }] }, 'input[0].content[0].type'],
      [{ model: 'm', input: [{ type: 'function_call_output', output: 'x' }] }, 'input[0].call_id'],
      [{ model: 'm', input: 'x', text: { format: { type: 'json_schema', schema: {} } } }, 'text.format.name'],
      [{ model: 'm', input: 'x', text: { format: { type: 'yaml' } } }, 'text.format.type'],
      [{ model: 'm', input: 'x', max_output_tokens: 3 }, 'max_output_tokens'],
      [{ model: 'm', input: 'x', tools: [{ type: 'function' }] }, 'tools[0].name'],
    ];
    for (const [body, param] of cases) {
      const res = await raw('/responses', { method: 'POST', body: JSON.stringify(body) });
      expect([res.status, res.body.error.param]).toEqual([400, param]);
      expect(res.body.error.type).toBe('invalid_request_error');
    }
    const unknownItem = await raw('/responses', { method: 'POST', body: JSON.stringify({ model: 'm', input: [{ type: 'item_reference', id: 'msg_nope' }] }) });
    expect(unknownItem.status).toBe(404);
  });
});

describe('responses: scripts and faults', () => {
  it('scripted stream pieces arrive as the deltas', async () => {
    mock.setScripts([{ match: { path: '/v1/responses', messages: 'poem' }, respond: { stream: ['Roses ', 'are ', 'red'] } }]);
    const stream = await client.responses.create({ model: 'gpt-4o-mini', input: 'a poem', stream: true });
    const deltas: string[] = [];
    for await (const e of stream) if (e.type === 'response.output_text.delta') deltas.push(e.delta);
    expect(deltas).toEqual(['Roses ', 'are ', 'red']);
  });

  it('an error frame mid-stream makes the SDK throw; the journal records the fault', async () => {
    mock.setScripts([{ respond: { errorFrameAfterChunks: 4, stream: ['a ', 'b ', 'c'] } }]);
    const stream = await client.responses.create({ model: 'gpt-4o-mini', input: 'x', stream: true });
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const e of stream) seen.push(e.type);
      })(),
    ).rejects.toThrow(/error while streaming/);
    expect(seen).toHaveLength(4);
    expect(mock.journal()[0]).toMatchObject({ fault: 'errorFrame', status: 200 });
  });

  it('a stall after N events keeps the socket open until the caller aborts', async () => {
    mock.setScripts([{ respond: { stallAfterChunks: 5, stream: ['a ', 'b ', 'c ', 'd'] } }]);
    const controller = new AbortController();
    const stream = await client.responses.create({ model: 'gpt-4o-mini', input: 'x', stream: true }, { signal: controller.signal });
    const deltas: string[] = [];
    let timer = setTimeout(() => controller.abort(), 5000);
    for await (const e of stream) {
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(), 300);
      if (e.type === 'response.output_text.delta') deltas.push(e.delta);
    }
    clearTimeout(timer);
    expect(controller.signal.aborted).toBe(true);
    expect(deltas).toEqual(['a ']);
    const entry = mock.journal()[0];
    expect(entry.fault).toBe('stall');
  });

  it('a clean truncation ends the stream before response.completed; the stored response is not kept', async () => {
    mock.setScripts([{ respond: { truncateAfterChunks: 3 } }]);
    const stream = await client.responses.create({ model: 'gpt-4o-mini', input: 'x', stream: true });
    const types: string[] = [];
    let id = '';
    for await (const e of stream) {
      types.push(e.type);
      if (e.type === 'response.created') id = e.response.id;
    }
    expect(types).toEqual(['response.created', 'response.in_progress', 'response.output_item.added']);
    expect((await raw(`/responses/${id}`)).status).toBe(404);
    // openai-node's stream helper resolves a cleanly cut stream with its last snapshot: still in_progress, partial text.
    mock.setScripts([{ respond: { truncateAfterChunks: 6, stream: ['a ', 'b ', 'c'] } }]);
    const partial = await client.responses.stream({ model: 'gpt-4o-mini', input: 'x' }).finalResponse();
    expect(partial).toMatchObject({ status: 'in_progress', output_text: 'a b ' });
    expect(mock.journal()[0]).toMatchObject({ fault: 'truncate' });
  });

  it('content scripts fit responses but not embeddings; a non-streaming truncation sends half the body', async () => {
    mock.setScripts([{ respond: { reply: 'scripted' } }]);
    expect((await client.responses.create({ model: 'm', input: 'x' })).output_text).toBe('scripted');
    expect((await client.embeddings.create({ model: 'text-embedding-3-small', input: 'x' })).data).toHaveLength(1);
    mock.setScripts([{ respond: { truncateAfterChunks: 1 } }]);
    await expect(client.responses.create({ model: 'm', input: 'x' })).rejects.toThrow();
  });
});

describe('moderations', () => {
  it('scores inputs deterministically and flags trigger words', async () => {
    const res = await client.moderations.create({ model: 'omni-moderation-latest', input: ['Have a nice day', 'I will kill them all'] });
    expect(res.results).toHaveLength(2);
    expect(res.results[0].flagged).toBe(false);
    expect(res.results[1].flagged).toBe(true);
    expect(res.results[1].categories.violence).toBe(true);
    expect(res.results[1].category_scores.violence).toBeGreaterThan(0.5);
    expect(res.results[0].category_scores.violence).toBeLessThan(0.01);
    expect(res.id).toMatch(/^modr-/);
    const again = await client.moderations.create({ input: 'I will kill them all' });
    expect(again.results[0].category_scores).toEqual(res.results[1].category_scores);
    expect(again.model).toBe('omni-moderation-latest');
    expect(mock.journal().map((e) => [e.path, e.status])).toEqual([['/v1/moderations', 200], ['/v1/moderations', 200]]);
  });

  it('scripts can force a flag or a clean result, and faults apply', async () => {
    mock.setScripts([{ match: { messages: 'harmless', times: 1 }, respond: { moderation: { categories: ['hate'] } } }, { match: { call: 2 }, respond: { status: 500 } }]);
    const res = await client.moderations.create({ input: [{ type: 'text', text: 'a harmless sentence' }] });
    expect(res.results[0]).toMatchObject({ flagged: true, categories: { hate: true, violence: false } });
    await expect(client.moderations.create({ input: 'x' })).rejects.toMatchObject({ status: 500 });
    await expect(client.moderations.create({ input: [] as string[] })).rejects.toMatchObject({ status: 400, param: 'input' });
  });
});
