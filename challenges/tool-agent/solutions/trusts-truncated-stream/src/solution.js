'use strict';

/**
 * POST /agent: a tool-calling loop over the Chat Completions API with two local tools (search, calculator),
 * a 5-turn step limit, an 8-call per-turn cap, call-id de-duplication and optional SSE streaming of the answer.
 */
const http = require('node:http');
const { OpenAI } = require('openai');

const MODEL = 'gpt-4o-mini';
const MAX_TURNS = 5;
const MAX_CALLS_PER_TURN = 8;
const MAX_QUESTION_CODE_POINTS = 4000;
const MAX_EXPRESSION_LENGTH = 200;
const SEARCH_LIMIT = 3;
const STEP_LIMIT_ANSWER = 'Stopped: the step limit was reached.';
const SYSTEM_PROMPT =
  'You are a research assistant. Use the search tool to look facts up and the calculator tool for arithmetic. Answer briefly.';

const stringTool = (name, description, property) => ({
  type: 'function',
  function: {
    name,
    description,
    parameters: {
      type: 'object',
      properties: { [property]: { type: 'string', minLength: 1 } },
      required: [property],
      additionalProperties: false,
    },
  },
});

const TOOLS = [
  stringTool('search', 'Search the knowledge base. Returns up to 3 matching documents.', 'query'),
  stringTool('calculator', 'Evaluate an arithmetic expression with + - * / and parentheses.', 'expression'),
];

/** Each tool's single string property (a Map: names such as "toString" or "__proto__" are not tools). */
const TOOL_ARGUMENT = new Map([
  ['search', 'query'],
  ['calculator', 'expression'],
]);

/** The request failed upstream: the answer is 502 (or an error event). */
class UpstreamError extends Error {}

// ---------------------------------------------------------------- search

function words(text) {
  return text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
}

function search(corpus, query) {
  const wanted = new Set(words(query));
  const scored = [];
  corpus.forEach((doc, index) => {
    const have = new Set(words(doc.text));
    let score = 0;
    for (const w of wanted) if (have.has(w)) score++;
    if (score > 0) scored.push({ doc, index, score });
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return { results: scored.slice(0, SEARCH_LIMIT).map(({ doc }) => ({ id: doc.id, text: doc.text })) };
}

// ---------------------------------------------------------------- calculator

const isDigit = (c) => c !== undefined && c >= '0' && c <= '9';

/** Tokens of the expression, or null when a character is outside the grammar. */
function tokenize(expression) {
  const tokens = [];
  let i = 0;
  while (i < expression.length) {
    const c = expression[i];
    if (c === ' ' || c === '\t') {
      i++;
    } else if ('+-*/()'.includes(c)) {
      tokens.push(c);
      i++;
    } else if (isDigit(c)) {
      let j = i;
      while (isDigit(expression[j])) j++;
      if (expression[j] === '.') {
        j++;
        if (!isDigit(expression[j])) return null;
        while (isDigit(expression[j])) j++;
      }
      tokens.push(expression.slice(i, j));
      i = j;
    } else {
      return null;
    }
  }
  return tokens;
}

/** Recursive descent; a division by zero is noted and reported once the whole expression parsed. */
function calculate(expression) {
  const invalid = { error: 'invalid expression' };
  if (expression.length > MAX_EXPRESSION_LENGTH) return invalid;
  const tokens = tokenize(expression);
  if (!tokens) return invalid;
  let pos = 0;
  let ok = true;
  let dividedByZero = false;

  function factor() {
    const t = tokens[pos++];
    if (t === '-') return -factor();
    if (t === '+') return factor();
    if (t === '(') {
      const value = expr();
      if (tokens[pos++] !== ')') ok = false;
      return value;
    }
    if (t !== undefined && isDigit(t[0])) return Number(t);
    ok = false;
    return NaN;
  }
  function term() {
    let value = factor();
    while (ok && (tokens[pos] === '*' || tokens[pos] === '/')) {
      const op = tokens[pos++];
      const right = factor();
      if (op === '*') value *= right;
      else if (right === 0) dividedByZero = true;
      else value /= right;
    }
    return value;
  }
  function expr() {
    let value = term();
    while (ok && (tokens[pos] === '+' || tokens[pos] === '-')) {
      const op = tokens[pos++];
      const right = term();
      value = op === '+' ? value + right : value - right;
    }
    return value;
  }

  const value = expr();
  if (!ok || pos !== tokens.length) return invalid;
  return dividedByZero ? { error: 'division by zero' } : { result: value };
}

// ---------------------------------------------------------------- tool calls

function runTool(corpus, name, rawArguments) {
  if (!TOOL_ARGUMENT.has(name)) return { error: 'unknown tool' };
  const property = TOOL_ARGUMENT.get(name);
  let args;
  try {
    args = JSON.parse(rawArguments);
  } catch {
    return { error: 'invalid arguments' };
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return { error: 'invalid arguments' };
  const keys = Object.keys(args);
  const value = args[property];
  if (keys.length !== 1 || keys[0] !== property || typeof value !== 'string' || value.length === 0) {
    return { error: 'invalid arguments' };
  }
  return name === 'search' ? search(corpus, value) : calculate(value);
}

/** The contents of the tool messages answering one model message, in order; `answered` remembers them by call id. */
function answerToolCalls(corpus, calls, answered) {
  return calls.map((call, index) => {
    if (answered.has(call.id)) return answered.get(call.id);
    const result = index >= MAX_CALLS_PER_TURN ? { error: 'too many tool calls' } : runTool(corpus, call.function.name, call.function.arguments);
    const content = JSON.stringify(result);
    answered.set(call.id, content);
    return content;
  });
}

// ---------------------------------------------------------------- the model

/** One turn; the SDK retries 429/5xx/connection errors twice, honouring retry-after-ms and retry-after. */
async function modelTurn(client, messages, onDelta) {
  try {
    if (!onDelta) {
      const completion = await client.chat.completions.create({ model: MODEL, messages, tools: TOOLS });
      const message = completion.choices[0] && completion.choices[0].message;
      if (!message) throw new UpstreamError('no choice');
      const toolCalls = (message.tool_calls || []).map((c) => ({
        id: c.id,
        type: 'function',
        function: { name: c.function.name, arguments: c.function.arguments },
      }));
      return { content: message.content == null ? null : message.content, toolCalls };
    }
    const stream = await client.chat.completions.create({ model: MODEL, messages, tools: TOOLS, stream: true });
    let content = null;
    const calls = [];
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (!choice) continue;
      const delta = choice.delta || {};
      if (typeof delta.content === 'string' && delta.content !== '') {
        content = (content || '') + delta.content;
        onDelta(delta.content);
      }
      for (const part of delta.tool_calls || []) {
        if (!calls[part.index]) calls[part.index] = { id: '', type: 'function', function: { name: '', arguments: '' } };
        const call = calls[part.index];
        if (part.id) call.id = part.id;
        if (part.function && part.function.name) call.function.name += part.function.name;
        if (part.function && part.function.arguments) call.function.arguments += part.function.arguments;
      }
    }
    return { content, toolCalls: calls.filter(Boolean) };
  } catch (e) {
    if (e instanceof UpstreamError) throw e;
    throw new UpstreamError(e && e.message ? e.message : String(e));
  }
}

async function runAgent(client, corpus, question, onDelta) {
  const messages = [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: question },
  ];
  const answered = new Map();
  for (let turn = 1; ; turn++) {
    const { content, toolCalls } = await modelTurn(client, messages, onDelta);
    if (toolCalls.length === 0) return { answer: content || '', steps: turn };
    if (turn === MAX_TURNS) {
      if (onDelta) onDelta(STEP_LIMIT_ANSWER);
      return { answer: STEP_LIMIT_ANSWER, steps: turn };
    }
    const results = answerToolCalls(corpus, toolCalls, answered);
    messages.push({ role: 'assistant', content, tool_calls: toolCalls });
    toolCalls.forEach((call, i) => messages.push({ role: 'tool', tool_call_id: call.id, content: results[i] }));
  }
}

// ---------------------------------------------------------------- HTTP

function sendJson(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The question and stream flag, or null when the request is invalid. */
function parseRequest(raw) {
  let body;
  try {
    body = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const { question, stream } = body;
  if (typeof question !== 'string' || question.trim() === '' || [...question].length > MAX_QUESTION_CODE_POINTS) return null;
  if (stream !== undefined && stream !== null && typeof stream !== 'boolean') return null;
  return { question, stream: stream === true };
}

async function handle(client, corpus, req, res) {
  const path = (req.url || '').split('?')[0];
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
  const send = (event) => res.write(`data: ${JSON.stringify(event)}\n\n`);
  try {
    const { answer, steps } = await runAgent(client, corpus, parsed.question, (text) => send({ type: 'delta', text }));
    send({ type: 'done', answer, steps });
  } catch (e) {
    if (!(e instanceof UpstreamError)) throw e;
    send({ type: 'error', code: 'upstream_error' });
  }
  res.end();
}

/**
 * Starts a new, independent HTTP server on 127.0.0.1 at a free port serving POST /agent; resolves to its port.
 * @param {{ corpus: { id: string, text: string }[] }} options
 * @returns {Promise<number>}
 */
function start(options) {
  const corpus = ((options && options.corpus) || []).map((d) => ({ id: String(d.id), text: String(d.text) }));
  const client = new OpenAI({ maxRetries: 2 });
  const server = http.createServer((req, res) => {
    handle(client, corpus, req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'internal_error' } });
      else res.end();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server.address().port));
  });
}

module.exports = { start };
