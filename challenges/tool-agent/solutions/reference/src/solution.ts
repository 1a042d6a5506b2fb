/**
 * POST /agent: a tool-calling loop over the Chat Completions API with two local tools (search, calculator),
 * a 5-turn step limit, an 8-call per-turn cap, call-id de-duplication and optional SSE streaming of the answer.
 */
import http from 'node:http';
import OpenAI from 'openai';

export interface Doc {
  id: string;
  text: string;
}

const MODEL = 'gpt-4o-mini';
const MAX_TURNS = 5;
const MAX_CALLS_PER_TURN = 8;
const MAX_QUESTION_CODE_POINTS = 4000;
const MAX_EXPRESSION_LENGTH = 200;
const SEARCH_LIMIT = 3;
const STEP_LIMIT_ANSWER = 'Stopped: the step limit was reached.';
const SYSTEM_PROMPT =
  'You are a research assistant. Use the search tool to look facts up and the calculator tool for arithmetic. Answer briefly.';

const TOOLS = [
  {
    type: 'function' as const,
    function: {
      name: 'search',
      description: 'Search the knowledge base. Returns up to 3 matching documents.',
      parameters: {
        type: 'object',
        properties: { query: { type: 'string', minLength: 1 } },
        required: ['query'],
        additionalProperties: false,
      },
    },
  },
  {
    type: 'function' as const,
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

/** Each tool's single string property. */
const TOOL_ARGUMENT: Record<string, string> = { search: 'query', calculator: 'expression' };

type ToolCall = { id: string; type: 'function'; function: { name: string; arguments: string } };
type Message =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls: ToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };
type Turn = { content: string | null; toolCalls: ToolCall[] };
type Event = { type: 'delta'; text: string } | { type: 'done'; answer: string; steps: number } | { type: 'error'; code: string };

/** The request failed upstream: the answer is 502 (or an error event). */
class UpstreamError extends Error {}

// ---------------------------------------------------------------- search

function words(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function search(corpus: Doc[], query: string): { results: Doc[] } {
  const wanted = new Set(words(query));
  const scored = corpus
    .map((doc, index) => {
      const have = new Set(words(doc.text));
      let score = 0;
      for (const w of wanted) if (have.has(w)) score++;
      return { doc, index, score };
    })
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index);
  return { results: scored.slice(0, SEARCH_LIMIT).map(({ doc }) => ({ id: doc.id, text: doc.text })) };
}

// ---------------------------------------------------------------- calculator

class InvalidExpression extends Error {}

/** Recursive descent over the statement's grammar; division by zero is noted and reported once parsing succeeded. */
function calculate(expression: string): { result: number } | { error: string } {
  if (expression.length > MAX_EXPRESSION_LENGTH) return { error: 'invalid expression' };
  const tokens: string[] = [];
  for (let i = 0; i < expression.length; ) {
    const c = expression[i];
    if (c === ' ' || c === '\t') {
      i++;
    } else if ('+-*/()'.includes(c)) {
      tokens.push(c);
      i++;
    } else if (c >= '0' && c <= '9') {
      let j = i;
      while (j < expression.length && expression[j] >= '0' && expression[j] <= '9') j++;
      if (expression[j] === '.') {
        j++;
        const fraction = j;
        while (j < expression.length && expression[j] >= '0' && expression[j] <= '9') j++;
        if (j === fraction) return { error: 'invalid expression' };
      }
      tokens.push(expression.slice(i, j));
      i = j;
    } else {
      return { error: 'invalid expression' };
    }
  }
  let pos = 0;
  let dividedByZero = false;
  const peek = () => tokens[pos];
  const parseExpression = (): number => {
    let value = parseTerm();
    while (peek() === '+' || peek() === '-') value = tokens[pos++] === '+' ? value + parseTerm() : value - parseTerm();
    return value;
  };
  const parseTerm = (): number => {
    let value = parseFactor();
    while (peek() === '*' || peek() === '/') {
      const op = tokens[pos++];
      const right = parseFactor();
      if (op === '*') value *= right;
      else if (right === 0) dividedByZero = true;
      else value /= right;
    }
    return value;
  };
  const parseFactor = (): number => {
    const t = tokens[pos++];
    if (t === undefined) throw new InvalidExpression();
    if (t === '-') return -parseFactor();
    if (t === '+') return parseFactor();
    if (t === '(') {
      const value = parseExpression();
      if (tokens[pos++] !== ')') throw new InvalidExpression();
      return value;
    }
    if (/^[0-9]/.test(t)) return Number(t);
    throw new InvalidExpression();
  };
  try {
    const value = parseExpression();
    if (pos !== tokens.length) return { error: 'invalid expression' };
    return dividedByZero ? { error: 'division by zero' } : { result: value };
  } catch (e) {
    if (e instanceof InvalidExpression) return { error: 'invalid expression' };
    throw e;
  }
}

// ---------------------------------------------------------------- tool calls

function runTool(corpus: Doc[], name: string, rawArguments: string): object {
  const property = TOOL_ARGUMENT[name];
  if (!Object.prototype.hasOwnProperty.call(TOOL_ARGUMENT, name)) return { error: 'unknown tool' };
  let args: unknown;
  try {
    args = JSON.parse(rawArguments);
  } catch {
    return { error: 'invalid arguments' };
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return { error: 'invalid arguments' };
  const keys = Object.keys(args);
  const value = (args as Record<string, unknown>)[property];
  if (keys.length !== 1 || keys[0] !== property || typeof value !== 'string' || value.length === 0) {
    return { error: 'invalid arguments' };
  }
  return name === 'search' ? search(corpus, value) : calculate(value);
}

/** The contents of the tool messages answering one model message, in order; `answered` remembers them by call id. */
function answerToolCalls(corpus: Doc[], calls: ToolCall[], answered: Map<string, string>): string[] {
  return calls.map((call, index) => {
    const earlier = answered.get(call.id);
    if (earlier !== undefined) return earlier;
    const content = JSON.stringify(
      index >= MAX_CALLS_PER_TURN ? { error: 'too many tool calls' } : runTool(corpus, call.function.name, call.function.arguments),
    );
    answered.set(call.id, content);
    return content;
  });
}

// ---------------------------------------------------------------- the model

/** One turn: the SDK retries 429/5xx/connection errors twice, honouring retry-after-ms and retry-after. */
async function modelTurn(client: OpenAI, messages: Message[], onDelta?: (text: string) => void): Promise<Turn> {
  try {
    if (!onDelta) {
      const completion = await client.chat.completions.create({ model: MODEL, messages, tools: TOOLS });
      const message = completion.choices[0]?.message;
      if (!message) throw new UpstreamError('no choice');
      const toolCalls = (message.tool_calls ?? []).filter((c) => c.type === 'function') as ToolCall[];
      return {
        content: message.content ?? null,
        toolCalls: toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.function.name, arguments: c.function.arguments } })),
      };
    }
    const stream = await client.chat.completions.create({ model: MODEL, messages, tools: TOOLS, stream: true });
    let content: string | null = null;
    let finished = false;
    const calls: ToolCall[] = [];
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (!choice) continue;
      const piece = choice.delta?.content;
      if (typeof piece === 'string' && piece !== '') {
        content = (content ?? '') + piece;
        onDelta(piece);
      }
      for (const part of choice.delta?.tool_calls ?? []) {
        const call = (calls[part.index] ??= { id: '', type: 'function', function: { name: '', arguments: '' } });
        if (part.id) call.id = part.id;
        if (part.function?.name) call.function.name += part.function.name;
        if (part.function?.arguments) call.function.arguments += part.function.arguments;
      }
      if (choice.finish_reason) finished = true;
    }
    if (!finished) throw new UpstreamError('the stream ended without a finish_reason');
    return { content, toolCalls: calls.filter(Boolean) };
  } catch (e) {
    if (e instanceof UpstreamError) throw e;
    throw new UpstreamError(e instanceof Error ? e.message : String(e));
  }
}

async function runAgent(
  client: OpenAI,
  corpus: Doc[],
  question: string,
  onDelta?: (text: string) => void,
): Promise<{ answer: string; steps: number }> {
  const messages: Message[] = [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: question },
  ];
  const answered = new Map<string, string>();
  for (let turn = 1; ; turn++) {
    const { content, toolCalls } = await modelTurn(client, messages, onDelta);
    if (toolCalls.length === 0) return { answer: content ?? '', steps: turn };
    if (turn === MAX_TURNS) {
      onDelta?.(STEP_LIMIT_ANSWER);
      return { answer: STEP_LIMIT_ANSWER, steps: turn };
    }
    const results = answerToolCalls(corpus, toolCalls, answered);
    messages.push({ role: 'assistant', content, tool_calls: toolCalls });
    toolCalls.forEach((call, i) => messages.push({ role: 'tool', tool_call_id: call.id, content: results[i] }));
  }
}

// ---------------------------------------------------------------- HTTP

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The question and stream flag, or null when the request is invalid. */
function parseRequest(raw: string): { question: string; stream: boolean } | null {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const { question, stream } = body as Record<string, unknown>;
  if (typeof question !== 'string' || question.trim() === '' || [...question].length > MAX_QUESTION_CODE_POINTS) return null;
  if (stream !== undefined && stream !== null && typeof stream !== 'boolean') return null;
  return { question, stream: stream === true };
}

async function handle(client: OpenAI, corpus: Doc[], req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const path = (req.url ?? '').split('?')[0];
  if (req.method !== 'POST' || path !== '/agent') {
    req.resume();
    return sendJson(res, 404, { error: { code: 'not_found' } });
  }
  const parsed = parseRequest(await readBody(req));
  if (!parsed) return sendJson(res, 400, { error: { code: 'invalid_request' } });

  if (!parsed.stream) {
    try {
      return sendJson(res, 200, await runAgent(client, corpus, parsed.question));
    } catch (e) {
      if (e instanceof UpstreamError) return sendJson(res, 502, { error: { code: 'upstream_error' } });
      throw e;
    }
  }

  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  const send = (event: Event) => res.write(`data: ${JSON.stringify(event)}\n\n`);
  try {
    const { answer, steps } = await runAgent(client, corpus, parsed.question, (text) => send({ type: 'delta', text }));
    send({ type: 'done', answer, steps });
  } catch (e) {
    if (!(e instanceof UpstreamError)) throw e;
    send({ type: 'error', code: 'upstream_error' });
  }
  res.end();
}

export function start(options: { corpus: Doc[] }): Promise<number> {
  const corpus = (options?.corpus ?? []).map((d) => ({ id: String(d.id), text: String(d.text) }));
  const client = new OpenAI({ maxRetries: 2 });
  const server = http.createServer((req, res) => {
    handle(client, corpus, req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'internal_error' } });
      else res.end();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
}
