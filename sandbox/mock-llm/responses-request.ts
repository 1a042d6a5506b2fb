/**
 * @module responses-request
 * Validation of a `POST /v1/responses` body into a typed request, and its input items as chat-like messages
 * (what the default answer, the token count and `match.messages` read).
 *
 * `input` is a string (one user message) or a list of items: messages (`role` user/system/developer/assistant,
 * `content` a string or `input_text`/`input_image`/`input_file`/`output_text`/`refusal` parts), `function_call`,
 * `function_call_output`, `item_reference` (resolved against stored responses) and `reasoning` (ignored).
 */
import type { ChatMessage, ChatRequest } from './chat-request';
import { MockHttpError } from './errors';

/** One input item as the mock keeps it. */
export type InputItem = Record<string, unknown> & { type: string };

/** A function tool of a responses request. */
export interface ResponsesTool {
  name: string;
  parameters: unknown;
}

export interface TextFormat {
  type: 'text' | 'json_object' | 'json_schema';
  name?: string;
  schema?: unknown;
  strict?: boolean;
}

export interface ResponsesRequest {
  model: string;
  input: InputItem[];
  instructions: string | null;
  tools: ResponsesTool[];
  /** The `tools` list as sent (echoed in the response). */
  rawTools: unknown[];
  toolChoice: unknown;
  format: TextFormat;
  maxOutputTokens: number | null;
  store: boolean;
  stream: boolean;
  previousResponseId: string | null;
  metadata: Record<string, unknown>;
  temperature: number | null;
  topP: number | null;
  parallelToolCalls: boolean;
}

const ROLES = new Set(['user', 'system', 'developer', 'assistant']);
const PART_TYPES = new Set(['input_text', 'input_image', 'input_file', 'input_audio', 'output_text', 'refusal', 'text']);
const ITEM_TYPES = new Set(['message', 'function_call', 'function_call_output', 'item_reference', 'reasoning']);

function bad(message: string, param: string | null): MockHttpError {
  return new MockHttpError(400, message, param, param ? 'invalid_value' : null);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkMessage(item: Record<string, unknown>, at: string): void {
  if (typeof item.role !== 'string' || !ROLES.has(item.role)) {
    throw bad(`Invalid value for '${at}.role': expected one of 'user', 'system', 'developer' or 'assistant'.`, `${at}.role`);
  }
  if (typeof item.content === 'string') return;
  if (!Array.isArray(item.content)) throw bad(`Invalid '${at}.content': expected a string or an array of content parts.`, `${at}.content`);
  item.content.forEach((part, j) => {
    if (!isObject(part) || typeof part.type !== 'string' || !PART_TYPES.has(part.type)) {
      throw bad(`Invalid value for '${at}.content[${j}].type'.`, `${at}.content[${j}].type`);
    }
  });
}

function requireString(item: Record<string, unknown>, key: string, at: string): void {
  if (typeof item[key] !== 'string') throw bad(`Missing required parameter: '${at}.${key}'.`, `${at}.${key}`);
}

/** Validate one input item (throws MockHttpError 400); messages without `type` get `type: "message"`. */
function checkItem(raw: unknown, i: number): InputItem {
  const at = `input[${i}]`;
  if (!isObject(raw)) throw bad(`Invalid '${at}': expected an object.`, at);
  const type = raw.type ?? (raw.role !== undefined ? 'message' : undefined);
  if (typeof type !== 'string' || !ITEM_TYPES.has(type)) throw bad(`Invalid value for '${at}.type'.`, `${at}.type`);
  const item: InputItem = { ...raw, type };
  if (type === 'message') checkMessage(item, at);
  if (type === 'function_call') for (const k of ['call_id', 'name', 'arguments']) requireString(item, k, at);
  if (type === 'function_call_output') {
    requireString(item, 'call_id', at);
    if (typeof item.output !== 'string' && !Array.isArray(item.output)) throw bad(`Missing required parameter: '${at}.output'.`, `${at}.output`);
  }
  if (type === 'item_reference') requireString(item, 'id', at);
  return item;
}

function parseInput(v: unknown): InputItem[] {
  if (typeof v === 'string') return [{ type: 'message', role: 'user', content: v }];
  if (!Array.isArray(v)) throw bad("Invalid 'input': expected a string or an array of input items.", 'input');
  return v.map(checkItem);
}

function parseFormat(text: unknown): TextFormat {
  const f = isObject(text) ? text.format : undefined;
  if (f === undefined || f === null) return { type: 'text' };
  if (!isObject(f) || typeof f.type !== 'string' || !['text', 'json_object', 'json_schema'].includes(f.type)) {
    throw bad("Invalid 'text.format': type must be 'text', 'json_object' or 'json_schema'.", 'text.format.type');
  }
  if (f.type !== 'json_schema') return { type: f.type as TextFormat['type'] };
  if (typeof f.name !== 'string' || f.name.length === 0) throw bad("Missing required parameter: 'text.format.name'.", 'text.format.name');
  if (!isObject(f.schema)) throw bad("Missing required parameter: 'text.format.schema'.", 'text.format.schema');
  return { type: 'json_schema', name: f.name, schema: f.schema, strict: f.strict === true };
}

function parseTools(v: unknown): { tools: ResponsesTool[]; rawTools: unknown[] } {
  if (v === undefined || v === null) return { tools: [], rawTools: [] };
  if (!Array.isArray(v)) throw bad("Invalid 'tools': expected an array.", 'tools');
  const tools: ResponsesTool[] = [];
  v.forEach((t, i) => {
    if (!isObject(t) || typeof t.type !== 'string') throw bad(`Invalid value for 'tools[${i}].type'.`, `tools[${i}].type`);
    if (t.type !== 'function') return; // hosted tools (web_search, file_search, ...) are accepted and never called
    if (typeof t.name !== 'string' || t.name.length === 0) throw bad(`Missing required parameter: 'tools[${i}].name'.`, `tools[${i}].name`);
    tools.push({ name: t.name, parameters: t.parameters ?? { type: 'object', properties: {} } });
  });
  return { tools, rawTools: v };
}

function optionalNumber(body: Record<string, unknown>, key: string): number | null {
  const v = body[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(`Invalid '${key}': expected a number.`, key);
  return v;
}

function parseMaxOutputTokens(v: unknown): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 16) {
    throw bad(`Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got ${JSON.stringify(v)} instead.`, 'max_output_tokens');
  }
  return v;
}

function checkFlags(body: Record<string, unknown>): void {
  for (const key of ['stream', 'store', 'parallel_tool_calls']) {
    if (body[key] !== undefined && body[key] !== null && typeof body[key] !== 'boolean') throw bad(`Invalid '${key}': expected a boolean.`, key);
  }
  if (body.instructions !== undefined && body.instructions !== null && typeof body.instructions !== 'string') {
    throw bad("Invalid 'instructions': expected a string.", 'instructions');
  }
  const prev = body.previous_response_id;
  if (prev !== undefined && prev !== null && (typeof prev !== 'string' || prev.length === 0)) {
    throw bad("Invalid 'previous_response_id': expected a string.", 'previous_response_id');
  }
}

/** Validate a responses request body (throws MockHttpError 400). */
export function parseResponsesRequest(body: unknown): ResponsesRequest {
  if (!isObject(body)) throw bad('The request body must be a JSON object.', null);
  if (typeof body.model !== 'string' || body.model.length === 0) throw bad("Missing required parameter: 'model'.", 'model');
  if (body.input === undefined || body.input === null) throw bad("Missing required parameter: 'input'.", 'input');
  checkFlags(body);
  return {
    model: body.model,
    input: parseInput(body.input),
    instructions: typeof body.instructions === 'string' ? body.instructions : null,
    ...parseTools(body.tools),
    toolChoice: body.tool_choice ?? 'auto',
    format: parseFormat(body.text),
    maxOutputTokens: parseMaxOutputTokens(body.max_output_tokens),
    store: body.store !== false,
    stream: body.stream === true,
    previousResponseId: typeof body.previous_response_id === 'string' ? body.previous_response_id : null,
    metadata: isObject(body.metadata) ? body.metadata : {},
    temperature: optionalNumber(body, 'temperature'),
    topP: optionalNumber(body, 'top_p'),
    parallelToolCalls: body.parallel_tool_calls !== false,
  };
}

/** The text of a message's content: a string, or its text parts joined by "\n". */
export function itemContentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((p) => (isObject(p) && typeof p.text === 'string' ? p.text : isObject(p) && typeof p.refusal === 'string' ? p.refusal : ''))
    .filter((t) => t.length > 0)
    .join('\n');
}

function outputText(output: unknown): string {
  return typeof output === 'string' ? output : itemContentText(output);
}

/** Items as chat messages: instructions as a system message, calls as assistant tool calls, outputs as tool messages. */
export function itemsAsMessages(instructions: string | null, items: readonly InputItem[]): ChatMessage[] {
  const messages: ChatMessage[] = instructions ? [{ role: 'system', content: instructions }] : [];
  for (const item of items) {
    if (item.type === 'message') messages.push({ role: item.role as string, content: itemContentText(item.content) });
    if (item.type === 'function_call') {
      messages.push({ role: 'assistant', content: '', tool_calls: [{ id: item.call_id, type: 'function', function: { name: item.name, arguments: item.arguments } }] });
    }
    if (item.type === 'function_call_output') messages.push({ role: 'tool', content: outputText(item.output), tool_call_id: item.call_id });
  }
  return messages;
}

/** Input images in the items (each adds a fixed token count). */
export function countImages(items: readonly InputItem[]): number {
  return items.filter((i) => i.type === 'message' && Array.isArray(i.content)).flatMap((i) => i.content as unknown[]).filter((p) => isObject(p) && p.type === 'input_image').length;
}

/** `tool_choice` in the chat shape `buildCompletion` reads: `{type: "function", name}` becomes `{type, function: {name}}`. */
function chatToolChoice(choice: unknown): unknown {
  if (isObject(choice) && choice.type === 'function' && typeof choice.name === 'string') return { type: 'function', function: { name: choice.name } };
  return choice;
}

/** The chat request whose completion is this responses request's output. */
export function asChatRequest(req: ResponsesRequest, messages: ChatMessage[]): ChatRequest {
  return {
    model: req.model,
    messages,
    stream: req.stream,
    includeUsage: false,
    tools: req.tools.map((t) => ({ type: 'function', function: { name: t.name, parameters: t.parameters } })),
    toolChoice: chatToolChoice(req.toolChoice),
    responseFormat: { type: req.format.type, schema: req.format.schema },
    maxTokens: req.maxOutputTokens,
  };
}
