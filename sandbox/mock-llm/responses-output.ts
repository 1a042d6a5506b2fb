/**
 * @module responses-output
 * A completion as a Responses API object: output items (a `message` with one `output_text` part, then one
 * `function_call` item per tool call), status, usage and the request's settings echoed back.
 */
import { newId, type Completion } from './completion';
import type { ResponsesRequest } from './responses-request';

/** Usage of one response, in the Responses API's names. */
export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/** An output item: `message` or `function_call`. */
export type OutputItem = Record<string, unknown> & { type: string; id: string };

/** Everything a response object is built from. */
export interface ResponseParts {
  id: string;
  createdAt: number;
  req: ResponsesRequest;
  output: OutputItem[];
  completion: Completion;
  usage: ResponsesUsage;
}

/** The usage object for token counts. */
export function responsesUsage(input: number, cached: number, output: number): ResponsesUsage {
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: cached },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: input + output,
  };
}

/** The `output_text` part of a text. */
export function textPart(text: string): Record<string, unknown> {
  return { type: 'output_text', text, annotations: [], logprobs: [] };
}

/** Output items of a completion: the message (when it has content, or nothing else), then the function calls. */
export function outputItems(c: Completion): OutputItem[] {
  const items: OutputItem[] = [];
  if (c.content !== null || c.toolCalls.length === 0) {
    const status = c.finishReason === 'length' ? 'incomplete' : 'completed';
    items.push({ id: newId('msg_'), type: 'message', status, role: 'assistant', content: [textPart(c.content ?? '')] });
  }
  for (const t of c.toolCalls) {
    items.push({ id: newId('fc_'), type: 'function_call', status: 'completed', arguments: t.arguments, call_id: t.id, name: t.name });
  }
  return items;
}

/** `status` and `incomplete_details` for a completion's finish reason. */
export function responseStatus(c: Completion): { status: string; incomplete_details: { reason: string } | null } {
  if (c.finishReason === 'length') return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  if (c.finishReason === 'content_filter') return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  return { status: 'completed', incomplete_details: null };
}

function textSetting(req: ResponsesRequest): Record<string, unknown> {
  const { format } = req;
  if (format.type !== 'json_schema') return { format: { type: format.type } };
  return { format: { type: 'json_schema', name: format.name, schema: format.schema, strict: format.strict ?? false } };
}

/**
 * The response object. `final` false gives the in-progress snapshot of `response.created`: status `in_progress`, no
 * output, no usage.
 */
export function responseBody(p: ResponseParts, final: boolean): Record<string, unknown> {
  const { req } = p;
  const state = final ? responseStatus(p.completion) : { status: 'in_progress', incomplete_details: null };
  return {
    id: p.id,
    object: 'response',
    created_at: p.createdAt,
    ...state,
    background: false,
    error: null,
    instructions: req.instructions,
    max_output_tokens: req.maxOutputTokens,
    model: req.model,
    output: final ? p.output : [],
    parallel_tool_calls: req.parallelToolCalls,
    previous_response_id: req.previousResponseId,
    reasoning: { effort: null, summary: null },
    service_tier: 'default',
    store: req.store,
    temperature: req.temperature ?? 1,
    text: textSetting(req),
    tool_choice: req.toolChoice,
    tools: req.rawTools,
    top_p: req.topP ?? 1,
    truncation: 'disabled',
    usage: final ? p.usage : null,
    user: null,
    metadata: req.metadata,
  };
}
