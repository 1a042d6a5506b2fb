/** What every tool-agent hidden test file shares: the candidate's `start()`, bounded HTTP calls, SSE, journal filters. */
import { expect, llm, solution } from '@judge/test';

export type Doc = { id: string; text: string };
export type Api = { start(options: { corpus: Doc[] }): number };
export const { start } = solution<Api>();

export const CHAT = '/v1/chat/completions';
export const STEP_LIMIT = 'Stopped: the step limit was reached.';
export const SYSTEM =
  'You are a research assistant. Use the search tool to look facts up and the calculator tool for arithmetic. Answer briefly.';
export const TOOLS = [
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

export const CORPUS: Doc[] = [
  { id: 'hq', text: "Acme's headquarters are in Zürich." },
  { id: 'staff', text: 'Acme employs 120 people in Zürich and 80 in Oslo.' },
];

export interface Reply {
  status: number;
  json: any;
  text: string;
}

/** One request to the candidate's server; the wait is bounded so a hang fails the test instead of timing it out. */
export async function call(
  port: number,
  path: string,
  options: { method?: string; body?: unknown; raw?: string; waitMs?: number } = {},
): Promise<Reply> {
  const method = options.method ?? 'POST';
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: method === 'GET' || method === 'HEAD' ? undefined : options.raw ?? JSON.stringify(options.body),
    signal: AbortSignal.timeout(options.waitMs ?? 4000),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

export const agent = (port: number, body: unknown, waitMs?: number) => call(port, '/agent', { body, waitMs });

export interface Streamed {
  status: number;
  type: string | null;
  events: any[];
  /** performance.now() when each event was read, same order as `events`. */
  at: number[];
  raw: string;
}

/** POST /agent (stream: true is the caller's); reads the SSE body as it arrives and parses every `data:` event. */
export async function agentStream(port: number, body: unknown, waitMs = 4000): Promise<Streamed> {
  const res = await fetch(`http://127.0.0.1:${port}/agent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(waitMs),
  });
  const out: Streamed = { status: res.status, type: res.headers.get('content-type'), events: [], at: [], raw: '' };
  if (!res.body) return out;
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    const text = decoder.decode(value, { stream: true });
    out.raw += text;
    buffer += text;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (block.trim() === '') continue;
      out.at.push(performance.now());
      out.events.push(block.startsWith('data: ') && !block.includes('\n') ? JSON.parse(block.slice(6)) : { notAnEvent: block });
    }
  }
  if (buffer.trim() !== '') out.events.push({ notAnEvent: buffer });
  return out;
}

/** This test's chat calls: each test puts a unique marker in its question. */
export const chats = (marker: string) => llm.journal().filter((e) => e.path === CHAT && JSON.stringify(e.body).includes(marker));
/** The messages of this test's chat calls, one array per call. */
export const sentMessages = (marker: string): any[][] => chats(marker).map((e) => (e.body as any).messages);
/** A scripted turn: the next call whose messages mention `marker` gets `respond`. */
export const turn = (marker: string, respond: any) => ({ match: { path: CHAT, messages: marker, times: 1 }, respond });

/** The tool messages at the end of a call's messages (those after its last assistant message), parsed. */
export function lastToolResults(messages: any[]): { id: string; content: any }[] {
  let i = messages.length;
  while (i > 0 && messages[i - 1].role === 'tool') i--;
  return messages.slice(i).map((m) => ({ id: m.tool_call_id, content: JSON.parse(m.content) }));
}

/**
 * Runs one request whose first turn makes these calculator (or other) calls and whose second turn answers; returns
 * the parsed tool results the second call carried, in order.
 */
export async function toolResults(
  marker: string,
  calls: { id: string; name: string; arguments: unknown }[],
  corpus: Doc[] = CORPUS,
): Promise<{ id: string; content: any }[]> {
  llm.script([turn(marker, { toolCalls: calls }), turn(marker, { reply: 'Done.' })]);
  const port = await start({ corpus });
  const r = await agent(port, { question: `Please work this out. ${marker}` });
  expect(r).toEqual({ status: 200, text: r.text, json: { answer: 'Done.', steps: 2 } });
  const sent = sentMessages(marker);
  expect(sent).toHaveLength(2);
  return lastToolResults(sent[1]);
}

/** Calculator calls for these expressions, ids `${prefix}-0`, `${prefix}-1`, … */
export const calculatorCalls = (prefix: string, expressions: string[]) =>
  expressions.map((expression, i) => ({ id: `${prefix}-${i}`, name: 'calculator', arguments: { expression } }));

/** The content sent for a result, with numbers compared to 1e-9. */
export function expectResult(content: any, value: number): void {
  expect(Object.keys(content ?? {})).toEqual(['result']);
  expect(typeof content.result).toBe('number');
  expect(Math.abs(content.result - value)).toBeLessThan(1e-9);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
