/**
 * @module chat-request
 * Validation of a `POST /v1/chat/completions` body into a typed request.
 */
import { MockHttpError } from './errors';
import { contentText } from './tokens';

export interface ChatMessage {
  role: string;
  content?: unknown;
  name?: unknown;
  tool_calls?: unknown;
  tool_call_id?: unknown;
}

export interface ToolDef {
  type?: string;
  function?: { name?: string; parameters?: unknown };
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  stream: boolean;
  includeUsage: boolean;
  tools: ToolDef[];
  toolChoice: unknown;
  responseFormat: { type: string; schema?: unknown };
  maxTokens: number | null;
}

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);

function bad(message: string, param: string | null): MockHttpError {
  return new MockHttpError(400, message, param, param ? 'invalid_value' : null);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseResponseFormat(v: unknown): ChatRequest['responseFormat'] {
  if (v === undefined || v === null) return { type: 'text' };
  if (!isObject(v) || typeof v.type !== 'string' || !['text', 'json_object', 'json_schema'].includes(v.type)) {
    throw bad("Invalid 'response_format': type must be 'text', 'json_object' or 'json_schema'.", 'response_format');
  }
  if (v.type !== 'json_schema') return { type: v.type };
  const js = v.json_schema;
  if (!isObject(js) || typeof js.name !== 'string') throw bad("Missing required parameter: 'response_format.json_schema.name'.", 'response_format.json_schema');
  return { type: 'json_schema', schema: js.schema ?? {} };
}

function parseMaxTokens(body: Record<string, unknown>): number | null {
  const v = body.max_completion_tokens ?? body.max_tokens;
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw bad("Invalid 'max_completion_tokens': must be an integer >= 1.", 'max_completion_tokens');
  return v;
}

/** Validate a chat request body (throws MockHttpError 400). */
export function parseChatRequest(body: unknown): ChatRequest {
  if (!isObject(body)) throw bad('The request body must be a JSON object.', null);
  if (typeof body.model !== 'string' || body.model.length === 0) throw bad('you must provide a model parameter', 'model');
  if (!Array.isArray(body.messages) || body.messages.length === 0) throw bad("Invalid 'messages': expected a non-empty array.", 'messages');
  body.messages.forEach((m, i) => {
    if (!isObject(m) || typeof m.role !== 'string' || !ROLES.has(m.role)) throw bad(`Invalid value for 'messages[${i}].role'.`, `messages[${i}].role`);
  });
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== 'boolean') throw bad("Invalid 'stream': expected a boolean.", 'stream');
  if (body.tools !== undefined && !Array.isArray(body.tools)) throw bad("Invalid 'tools': expected an array.", 'tools');
  const streamOptions = isObject(body.stream_options) ? body.stream_options : {};
  return {
    model: body.model,
    messages: body.messages as ChatMessage[],
    stream: body.stream === true,
    includeUsage: streamOptions.include_usage === true,
    tools: (body.tools as ToolDef[] | undefined) ?? [],
    toolChoice: body.tool_choice,
    responseFormat: parseResponseFormat(body.response_format),
    maxTokens: parseMaxTokens(body),
  };
}

/** Message contents joined by "\n" (what `match.messages` is tested against). */
export function chatText(body: unknown): string {
  if (!isObject(body) || !Array.isArray(body.messages)) return '';
  return body.messages.map((m) => (isObject(m) ? contentText(m.content) : '')).join('\n');
}
