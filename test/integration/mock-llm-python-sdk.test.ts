/**
 * The real Python clients against the mock LLM: the openai SDK (chat, streaming sync and async, tools, JSON mode,
 * structured outputs with pydantic, embeddings, the Responses API, retries on 429, timeouts) and langchain-openai
 * (ChatOpenAI over both APIs, structured output, OpenAIEmbeddings), run by /usr/bin/python3 with the candidate
 * packages of .build/python/site-packages. The scripts (test/fixtures/python-sdk/) reach only the loopback interface.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { embedText, startMockLlm, type JournalEntry, type MockLlm, type ScriptRule } from '../../sandbox/mock-llm';

const ROOT = path.resolve(__dirname, '..', '..');
const PYTHON = process.env.JUDGE_PYTHON ?? '/usr/bin/python3';
const SITE_PACKAGES = path.join(ROOT, '.build', 'python', 'site-packages');
const TIKTOKEN_CACHE = path.join(ROOT, '.build', 'python', 'tiktoken-cache');
const SCRIPTS = path.join(ROOT, 'test', 'fixtures', 'python-sdk');
const available = existsSync(PYTHON) && existsSync(SITE_PACKAGES);
// Named in every group's title when it is skipped, so a run without the packages says why.
const SKIPPED = available ? '' : ` (skipped: ${PYTHON} or ${SITE_PACKAGES} is absent)`;
const describeWithPython = available ? describe : describe.skip;

jest.setTimeout(90_000);

let mock: MockLlm;
let home: string;
const runners = new Map<string, CaseRunner>();

/** One Python process per script, answering a JSON line per case line (case_runner.py): imports are paid once. */
class CaseRunner {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterator<string>;
  private stderr = '';

  constructor(script: string) {
    this.child = spawn(PYTHON, [path.join(SCRIPTS, script)], {
      env: {
        PATH: '/usr/bin:/bin', HOME: home, PYTHONPATH: SITE_PACKAGES, PYTHONDONTWRITEBYTECODE: '1', OPENAI_BASE_URL: mock.baseUrl, OPENAI_API_KEY: 'test-key',
        ...(existsSync(TIKTOKEN_CACHE) ? { TIKTOKEN_CACHE_DIR: TIKTOKEN_CACHE } : {}),
      },
    });
    this.child.stderr.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-4000)));
    this.lines = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }

  async ask(args: string[]): Promise<Record<string, unknown>> {
    this.child.stdin.write(`${args.join(' ')}\n`);
    const next = await this.lines.next();
    if (next.done) throw new Error(`the Python process ended: ${this.stderr}`);
    const answer = JSON.parse(next.value) as Record<string, unknown>;
    if (typeof answer.error === 'string' && answer.error.includes('Traceback')) throw new Error(`${args.join(' ')}: ${answer.error}`);
    return answer;
  }

  stop(): void {
    this.child.kill('SIGKILL');
  }
}

beforeAll(async () => {
  mock = await startMockLlm({ host: '127.0.0.1', port: 0 });
  home = mkdtempSync(path.join(tmpdir(), 'mock-llm-python-'));
});
afterAll(async () => {
  for (const runner of runners.values()) runner.stop();
  await mock?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});
beforeEach(() => mock.reset());

/** Runs one case of a script with `rules` scripted; resolves to the JSON document it answered. */
function py(script: string, args: string[], rules: ScriptRule[] = []): Promise<Record<string, unknown>> {
  mock.setScripts(rules);
  if (!runners.has(script)) runners.set(script, new CaseRunner(script));
  return runners.get(script)!.ask(args);
}

const openai = (kase: string, rules?: ScriptRule[]) => py('openai_cases.py', [kase], rules);
const vector = (text: string) => Array.from(embedText(text, 16));
const CITY = { name: 'Paris', population: 2_100_000, tags: ['capital'] };
const bodyOf = (e: JournalEntry) => e.body as Record<string, unknown>;

/** Waits until every journaled request has ended (a client that gave up closes its socket a moment later). */
async function settled(): Promise<JournalEntry[]> {
  for (let i = 0; i < 100 && mock.journal().some((e) => e.latencyMs === null); i++) await new Promise((r) => setTimeout(r, 20));
  return mock.journal();
}

describeWithPython(`openai (Python SDK): chat completions${SKIPPED}`, () => {
  test('chat: content, usage and the request id', async () => {
    const out = await openai('chat', [{ respond: { reply: 'Paris.' } }]);
    const [entry] = mock.journal();
    expect(out).toMatchObject({ content: 'Paris.', finish: 'stop', requestId: entry.requestId, header: entry.requestId });
    expect(out.usage).toEqual({ prompt_tokens: entry.promptTokens, completion_tokens: entry.completionTokens, total_tokens: entry.promptTokens + entry.completionTokens });
    expect(entry).toMatchObject({ path: '/v1/chat/completions', hasApiKey: true, retryCount: 0, status: 200 });
    expect(entry.headers['user-agent']).toMatch(/^OpenAI\/Python/);
  });

  test('streaming (sync) in pieces, with usage', async () => {
    const out = await openai('chat_stream', [{ respond: { stream: ['Paris ', 'is ', 'the ', 'capital.'] } }]);
    expect(out).toMatchObject({ pieces: ['Paris ', 'is ', 'the ', 'capital.'], finish: ['stop'] });
    expect(out.usage).toBe(mock.journal()[0].promptTokens + mock.journal()[0].completionTokens);
    expect(mock.journal()[0]).toMatchObject({ stream: true, status: 200 });
  });

  test('streaming (AsyncOpenAI): raw chunks, the stream helper, and the Responses stream helper', async () => {
    const out = await openai('async_streams', [{ respond: { stream: ['Par', 'is.'] } }]);
    expect(out).toEqual({ raw: ['Par', 'is.'], helper: ['Par', 'is.'], final: 'Paris.', responses: ['Par', 'is.'], responsesFinal: 'Paris.' });
    expect(mock.journal().map((e) => [e.path, e.stream])).toEqual([['/v1/chat/completions', true], ['/v1/chat/completions', true], ['/v1/responses', true]]);
  });

  test('tools: a call, then the tool result sent back and answered', async () => {
    const out = await openai('tools', [
      { match: { call: 1 }, respond: { toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] } },
      { respond: { reply: '21 degrees in Paris.' } },
    ]);
    expect(out).toMatchObject({ finish: 'tool_calls', name: 'get_weather', args: { city: 'Paris' }, answer: '21 degrees in Paris.' });
    const messages = bodyOf(mock.journal()[1]).messages as Array<Record<string, unknown>>;
    expect(messages.at(-1)).toEqual({ role: 'tool', tool_call_id: out.callId, content: '{"celsius": 21}' });
  });

  test('JSON mode', async () => {
    const out = await openai('json_mode', [{ respond: { json: { answer: 'Paris' } } }]);
    expect(out.parsed).toEqual({ answer: 'Paris' });
    expect(bodyOf(mock.journal()[0]).response_format).toEqual({ type: 'json_object' });
  });

  test('structured outputs: chat.completions.parse (and beta.chat.completions.parse) with a pydantic model', async () => {
    const out = await openai('parse', [{ respond: { json: CITY } }]);
    expect(out.parsed).toEqual(CITY);
    if (out.betaAvailable) expect(out.beta).toEqual(CITY);
    expect(bodyOf(mock.journal()[0]).response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'City', strict: true } });
  });

  test('structured outputs without a script: a placeholder that validates against the pydantic model', async () => {
    expect((await openai('parse')).parsed).toEqual({ name: '', population: 0, tags: [] });
  });
});

describeWithPython(`openai (Python SDK): embeddings${SKIPPED}`, () => {
  test('base64 by default, float, and token ids give the vectors llm.embed computes', async () => {
    const out = await openai('embeddings');
    expect(out.default).toEqual([vector('hello world'), vector('refunds')]);
    expect(out.float).toEqual(vector('hello world'));
    expect(out.tokens).toEqual(vector('hello world'));
    expect(out.tokenUsage).toBe(2);
    expect(mock.journal().map((e) => bodyOf(e).encoding_format)).toEqual(['base64', 'float', 'float']);
  });
});

describeWithPython(`openai (Python SDK): the Responses API${SKIPPED}`, () => {
  test('create with instructions, previous_response_id, retrieve', async () => {
    const out = await openai('responses', [{ match: { messages: 'Italy' }, respond: { reply: 'Rome.' } }, { respond: { reply: 'Paris.' } }]);
    expect(out).toMatchObject({ text: 'Paris.', second: 'Rome.', stored: 'Paris.' });
    const [first, second] = mock.journal();
    expect(bodyOf(first)).toMatchObject({ instructions: 'Answer briefly.', input: 'What is the capital of France?' });
    expect(bodyOf(second).previous_response_id).toBe(out.id);
    expect(out.usage).toMatchObject({ input_tokens: first.promptTokens, output_tokens: first.completionTokens });
  });

  test('streaming: typed events with stream=True, and responses.stream()', async () => {
    const out = await openai('responses_stream', [{ respond: { stream: ['Par', 'is.'] } }]);
    const events = out.events as string[];
    expect(events[0]).toBe('response.created');
    expect(events.filter((t) => t === 'response.output_text.delta')).toHaveLength(2);
    expect(events.at(-1)).toBe('response.completed');
    expect(out).toMatchObject({ deltas: ['Par', 'is.'], final: 'Paris.' });
  });

  test('function tools and their output items, then responses.parse with a pydantic model', async () => {
    const out = await openai('responses_tools_parse', [
      { match: { call: 1 }, respond: { toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] } },
      { match: { call: 2 }, respond: { reply: '21 degrees.' } },
      { respond: { json: CITY } },
    ]);
    expect(out).toEqual({ calls: [{ name: 'get_weather', args: { city: 'Paris' } }], answer: '21 degrees.', parsed: CITY });
    expect((bodyOf(mock.journal()[2]).text as { format: unknown }).format).toMatchObject({ type: 'json_schema', name: 'City', strict: true });
  });
});

describeWithPython(`openai (Python SDK): retries and timeouts${SKIPPED}`, () => {
  // Without the header the SDK's first retry waits at most 0.5 s (INITIAL_RETRY_DELAY, jittered down): a gap of
  // 1.2 s shows it honoured the mock's retry-after-ms / Retry-After.
  test('a scripted 429 with Retry-After: the SDK retries once, after the delay the header asked for', async () => {
    const out = await openai('retry_429', [{ match: { call: 1 }, respond: { status: 429, retryAfterMs: 1200 } }, { respond: { reply: 'Paris.' } }]);
    expect(out.content).toBe('Paris.');
    const [failed, retry] = mock.journal();
    expect([failed, retry].map((e) => [e.status, e.retryCount, e.isRetry])).toEqual([[429, 0, false], [200, 1, true]]);
    const gapMs = Date.parse(retry.time) - Date.parse(failed.time) - failed.latencyMs!;
    expect(gapMs).toBeGreaterThanOrEqual(1200 - 2);
    expect(gapMs).toBeLessThan(1200 + 3000);
    expect(mock.usage()).toMatchObject({ retries: 1, errors: 1, retryTriggers: { '429': 1 } });
  });

  test('a Retry-After beyond 2 minutes: the SDK gives up at once with RateLimitError', async () => {
    const out = await openai('retry_too_long', [{ respond: { status: 429, retryAfterMs: 180_000 } }]);
    expect(out).toEqual({ error: 'RateLimitError', status: 429 });
    expect(mock.journal()).toHaveLength(1);
  });

  test('a request that outlasts the client timeout: retried once, then APITimeoutError', async () => {
    const out = await openai('timeout', [{ respond: { delayMs: 5000 } }]);
    expect(out.error).toBe('APITimeoutError');
    expect(out.seconds).toBeLessThan(4);
    const entries = await settled();
    expect(entries.map((e) => [e.retryCount, e.clientClosed, e.status])).toEqual([[0, true, null], [1, true, null]]);
  });

  test('a stream that stalls: the read timeout ends it after the chunks that came', async () => {
    const out = await openai('stream_stall', [{ respond: { stallAfterChunks: 2, stream: ['a ', 'b ', 'c '] } }]);
    expect(out.pieces).toEqual(['a ', 'b ']);
    expect(['ReadTimeout', 'APITimeoutError']).toContain(out.error);
    expect((await settled())[0]).toMatchObject({ fault: 'stall', clientClosed: true });
  });
});

describeWithPython.each(['chat', 'responses'])(`langchain-openai ChatOpenAI over %s${SKIPPED}`, (api) => {
  const lc = (kase: string, rules?: ScriptRule[]) => py('langchain_cases.py', [kase, api], rules);
  const apiPath = api === 'chat' ? '/v1/chat/completions' : '/v1/responses';

  test('invoke', async () => {
    const out = await lc('invoke', [{ respond: { reply: 'Paris.' } }]);
    expect(out).toEqual({ text: 'Paris.', inputTokens: mock.journal()[0].promptTokens });
    expect(mock.journal().map((e) => e.path)).toEqual([apiPath]);
  });

  test('stream', async () => {
    const out = await lc('stream', [{ respond: { stream: ['Hello ', 'from ', 'the ', 'mock.'] } }]);
    expect(out.pieces).toEqual(['Hello ', 'from ', 'the ', 'mock.']);
    expect(mock.journal()[0]).toMatchObject({ path: apiPath, stream: true });
  });

  test('with_structured_output: json_schema (the default) and function_calling', async () => {
    expect((await lc('structured', [{ respond: { json: CITY } }])).parsed).toEqual(CITY);
    const tools = await lc('structured_tools', [{ respond: { toolCalls: [{ name: 'City', arguments: CITY }] } }]);
    expect(tools.parsed).toEqual(CITY);
    expect(mock.journal().map((e) => e.path)).toEqual([apiPath, apiPath]);
  });
});

describeWithPython(`langchain-openai OpenAIEmbeddings${SKIPPED}`, () => {
  test('embed_query and embed_documents give the vectors llm.embed computes', async () => {
    const out = await py('langchain_cases.py', ['embeddings', '-']);
    expect(out).toEqual({ query: vector('hello world'), documents: [vector('hello world'), vector('refunds')] });
  });

  const cached = existsSync(TIKTOKEN_CACHE);
  (cached ? test : test.skip)(`by default (tiktoken on): token ids on the wire, the same vectors${cached ? '' : ` (skipped: no ${TIKTOKEN_CACHE})`}`, async () => {
    const out = await py('langchain_cases.py', ['embeddings_tokens', '-']);
    expect(out.documents).toEqual([vector('hello world'), vector('refunds')]);
    expect((bodyOf(mock.journal()[0]).input as unknown[]).every((i) => Array.isArray(i))).toBe(true);
  });
});
