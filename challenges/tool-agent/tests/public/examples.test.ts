import { describe, test, expect, solution, llm } from '@judge/test';

type Doc = { id: string; text: string };
type Api = { start(options: { corpus: Doc[] }): number };
const { start } = solution<Api>();

const CHAT = '/v1/chat/completions';
const SYSTEM =
  'You are a research assistant. Use the search tool to look facts up and the calculator tool for arithmetic. Answer briefly.';
const TOOLS = [
  {
    type: 'function',
    function: {
      name: 'search',
      description: 'Search the knowledge base. Returns up to 3 matching documents.',
      parameters: { type: 'object', properties: { query: { type: 'string', minLength: 1 } }, required: ['query'], additionalProperties: false },
    },
  },
  {
    type: 'function',
    function: {
      name: 'calculator',
      description: 'Evaluate an arithmetic expression with + - * / and parentheses.',
      parameters: {
        type: 'object',
        properties: { expression: { type: 'string', minLength: 1 } },
        required: ['expression'],
        additionalProperties: false,
      },
    },
  },
];

const CORPUS: Doc[] = [
  { id: 'hq', text: "Acme's headquarters are in Zürich." },
  { id: 'staff', text: 'Acme employs 120 people in Zürich and 80 in Oslo.' },
];

/** POST /agent; the wait is bounded so a hang fails the test instead of timing it out. */
async function agent(port: number, body: unknown, waitMs = 4000): Promise<{ status: number; json: any }> {
  const res = await fetch(`http://127.0.0.1:${port}/agent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(waitMs),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json };
}

/** POST /agent with stream: true; every `data:` event, parsed, in order. */
async function agentStream(port: number, body: unknown): Promise<{ status: number; type: string | null; events: any[] }> {
  const res = await fetch(`http://127.0.0.1:${port}/agent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(4000),
  });
  const text = await res.text();
  const events = text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      expect(block.startsWith('data: ')).toBe(true);
      return JSON.parse(block.slice('data: '.length));
    });
  return { status: res.status, type: res.headers.get('content-type'), events };
}

/** This test's chat calls: each test puts a unique marker in its question. */
const chats = (marker: string) => llm.journal().filter((e) => e.path === CHAT && JSON.stringify(e.body).includes(marker));
const turn = (marker: string, respond: any) => ({ match: { path: CHAT, messages: marker, times: 1 }, respond });

describe('examples', () => {
  test('the statement example: a search, two calculator calls at once (one fails), then the answer', async () => {
    const marker = 'pubcase-example';
    const question = `How many Acme people work outside Zürich, as a share? ${marker}`;
    llm.script([
      turn(marker, { toolCalls: [{ id: 'call_1', name: 'search', arguments: { query: 'Acme people Oslo' } }] }),
      turn(marker, {
        toolCalls: [
          { id: 'call_2', name: 'calculator', arguments: { expression: '80 / (120 + 80)' } },
          { id: 'call_3', name: 'calculator', arguments: { expression: '1/0' } },
        ],
      }),
      turn(marker, { reply: "40% of Acme's people work in Oslo." }),
    ]);
    const port = await start({ corpus: CORPUS });
    // The first request of a fresh process may pay for lazy imports: this test allows it 9 seconds.
    const r = await agent(port, { question }, 9000);
    expect(r).toEqual({ status: 200, json: { answer: "40% of Acme's people work in Oslo.", steps: 3 } });

    const calls = chats(marker);
    expect(calls).toHaveLength(3);
    const messages = (calls[2].body as any).messages;
    expect(messages).toHaveLength(7);
    expect(messages.slice(0, 2)).toEqual([
      { role: 'system', content: SYSTEM },
      { role: 'user', content: question },
    ]);
    expect(messages[2]).toMatchObject({
      role: 'assistant',
      tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'search', arguments: '{"query":"Acme people Oslo"}' } }],
    });
    expect(messages[3]).toMatchObject({ role: 'tool', tool_call_id: 'call_1' });
    expect(JSON.parse(messages[3].content)).toEqual({ results: [CORPUS[1], CORPUS[0]] });
    expect(messages[4].tool_calls.map((c: any) => c.id)).toEqual(['call_2', 'call_3']);
    expect(messages.slice(5).map((m: any) => [m.role, m.tool_call_id])).toEqual([
      ['tool', 'call_2'],
      ['tool', 'call_3'],
    ]);
    expect(JSON.parse(messages[5].content).result).toBeCloseTo(0.4, 9);
    expect(JSON.parse(messages[6].content)).toEqual({ error: 'division by zero' });
  }, { timeoutMs: 10000 });

  test('every model call sends the fixed tools, model and first two messages', async () => {
    const marker = 'pubcase-tools';
    llm.script([turn(marker, { reply: 'Hello!' })]);
    const port = await start({ corpus: CORPUS });
    const r = await agent(port, { question: `Say hello ${marker}` });
    expect(r).toEqual({ status: 200, json: { answer: 'Hello!', steps: 1 } });
    const [call] = chats(marker);
    expect(call.body).toMatchObject({ model: 'gpt-4o-mini' });
    expect((call.body as any).tools).toEqual(TOOLS);
    expect((call.body as any).messages).toEqual([
      { role: 'system', content: SYSTEM },
      { role: 'user', content: `Say hello ${marker}` },
    ]);
  });

  test('arguments that are not valid JSON come back as a tool error, and the loop goes on', async () => {
    const marker = 'pubcase-bad-arguments';
    llm.script([
      turn(marker, { toolCalls: [{ id: 'call_bad', name: 'calculator', arguments: '{"expression": "1+' }] }),
      turn(marker, { reply: 'Sorry, I could not compute that.' }),
    ]);
    const port = await start({ corpus: CORPUS });
    const r = await agent(port, { question: `What is 1 plus one? ${marker}` });
    expect(r).toEqual({ status: 200, json: { answer: 'Sorry, I could not compute that.', steps: 2 } });
    const last = (chats(marker)[1].body as any).messages.at(-1);
    expect(last).toMatchObject({ role: 'tool', tool_call_id: 'call_bad' });
    expect(JSON.parse(last.content)).toEqual({ error: 'invalid arguments' });
  });

  test('streaming: one delta per piece of the answer, then done', async () => {
    const marker = 'pubcase-stream';
    llm.script([
      turn(marker, { toolCalls: [{ id: 'call_s', name: 'search', arguments: { query: 'headquarters' } }] }),
      turn(marker, { stream: ['Acme ', 'is ', 'in ', 'Zürich.'] }),
    ]);
    const port = await start({ corpus: CORPUS });
    const r = await agentStream(port, { question: `Where is Acme based? ${marker}`, stream: true });
    expect(r.status).toBe(200);
    expect(r.type).toContain('text/event-stream');
    expect(r.events).toEqual([
      { type: 'delta', text: 'Acme ' },
      { type: 'delta', text: 'is ' },
      { type: 'delta', text: 'in ' },
      { type: 'delta', text: 'Zürich.' },
      { type: 'done', answer: 'Acme is in Zürich.', steps: 2 },
    ]);
    expect(chats(marker).map((e) => e.stream)).toEqual([true, true]);
  });

  test('a request without a question is a 400 and nothing is sent to the model', async () => {
    const port = await start({ corpus: CORPUS });
    const r = await agent(port, { stream: false, note: 'pubcase-no-question' });
    expect(r).toEqual({ status: 400, json: { error: { code: 'invalid_request' } } });
    expect(llm.journal()).toHaveLength(0);
  });
});
