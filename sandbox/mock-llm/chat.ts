/**
 * @module chat
 * `POST /v1/chat/completions`, non-streaming and streaming.
 */
import { chatText, parseChatRequest, type ChatRequest } from './chat-request';
import { buildCompletion, completionTokens, newId, type Completion } from './completion';
import { sendJsonWithFaults, streamFault } from './faults';
import type { Route } from './route';
import { writeStream, type Usage } from './stream';
import { countChatPrompt } from './tokens';

function usageOf(promptTokens: number, c: Completion): Usage {
  const completion = completionTokens(c);
  return { prompt_tokens: promptTokens, completion_tokens: completion, total_tokens: promptTokens + completion };
}

/** The non-streaming response body. */
export function completionBody(id: string, created: number, model: string, c: Completion, usage: Usage): unknown {
  const message: Record<string, unknown> = { role: 'assistant', content: c.content, refusal: null };
  if (c.toolCalls.length > 0) {
    message.tool_calls = c.toolCalls.map((t) => ({ id: t.id, type: 'function', function: { name: t.name, arguments: t.arguments } }));
  }
  return {
    id,
    object: 'chat.completion',
    created,
    model,
    system_fingerprint: 'fp_mock',
    choices: [{ index: 0, message, logprobs: null, finish_reason: c.finishReason }],
    usage: {
      ...usage,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    },
  };
}

export const chatRoute: Route<ChatRequest> = {
  prepare(body) {
    const req = parseChatRequest(body);
    return { req, model: req.model, text: chatText(body), stream: req.stream, promptTokens: countChatPrompt(req.messages, req.tools) };
  },
  async respond(ctx, prepared, r) {
    const { req } = prepared;
    const c = buildCompletion(req, r);
    const usage = usageOf(prepared.promptTokens, c);
    ctx.entry.completionTokens = usage.completion_tokens;
    const id = newId('chatcmpl-');
    const created = Math.floor(Date.now() / 1000);
    if (!req.stream) {
      sendJsonWithFaults(ctx, completionBody(id, created, req.model, c, usage), r);
      return;
    }
    const meta = { id, created, model: req.model, includeUsage: req.includeUsage, usage };
    await writeStream(ctx, meta, c, r?.chunkDelayMs ?? 0, streamFault(r));
  },
};
