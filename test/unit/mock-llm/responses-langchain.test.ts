import { ChatOpenAI } from '@langchain/openai';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { startMockLlm, type MockLlm } from '../../../sandbox/mock-llm';

let mock: MockLlm;

beforeAll(async () => {
  mock = await startMockLlm({ host: '127.0.0.1', port: 0 });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

function model(): ChatOpenAI {
  return new ChatOpenAI({ model: 'gpt-4o-mini', apiKey: 'test-key', useResponsesApi: true, maxRetries: 0, configuration: { baseURL: mock.baseUrl } });
}

const CONTEXT = '[refunds.md#0] Refunds are paid within 14 days. Contact billing for help.\n';

describe('responses: LangChain ChatOpenAI with useResponsesApi', () => {
  it('invokes over /v1/responses with the default answer and usage', async () => {
    const res = await model().invoke([new SystemMessage(CONTEXT), new HumanMessage('How many days until refunds are paid?')]);
    expect(res.text).toBe('Refunds are paid within 14 days. [refunds.md#0]');
    expect(res.usage_metadata?.input_tokens).toBeGreaterThan(0);
    expect(mock.journal().map((e) => e.path)).toEqual(['/v1/responses']);
  });

  it('streams the text in pieces', async () => {
    mock.setScripts([{ respond: { stream: ['Hello ', 'from ', 'the ', 'mock.'] } }]);
    const pieces: string[] = [];
    for await (const chunk of await model().stream('hi')) if (chunk.text) pieces.push(chunk.text);
    expect(pieces.join('')).toBe('Hello from the mock.');
    expect(pieces.length).toBeGreaterThanOrEqual(4);
    expect(mock.journal()[0]).toMatchObject({ path: '/v1/responses', stream: true, status: 200 });
  });

  it('returns tool calls from bound tools', async () => {
    mock.setScripts([{ respond: { toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] } }]);
    const tool = { type: 'function' as const, function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };
    const res = await model().bindTools([tool]).invoke('Weather in Paris?');
    expect(res.tool_calls).toEqual([expect.objectContaining({ name: 'get_weather', args: { city: 'Paris' } })]);
  });
});
