/**
 * @module responses
 * `POST /v1/responses` (non-streaming and streaming), `GET /v1/responses/:id`, `GET /v1/responses/:id/input_items`
 * and `DELETE /v1/responses/:id`.
 *
 * The output is the chat completion the same conversation would get (scripts, forced tools, `text.format`, the
 * default answer, `max_output_tokens`), as response items. With `previous_response_id` the stored response's
 * conversation (its prefix, input and output) comes before `input`; its `instructions` do not carry over.
 */
import { buildCompletion, completionTokens, newId } from './completion';
import { MockHttpError } from './errors';
import { sendJsonWithFaults, streamFault } from './faults';
import { sendJson } from './http-util';
import { asChatRequest, countImages, itemsAsMessages, parseResponsesRequest, type InputItem, type ResponsesRequest } from './responses-request';
import { outputItems, responseBody, responsesUsage, type ResponseParts } from './responses-output';
import type { ResponseStore } from './responses-store';
import { writeResponseStream } from './responses-stream';
import type { Route } from './route';
import type { ChatMessage } from './chat-request';
import { countChatPrompt, contentText } from './tokens';

/** Tokens one `input_image` adds to the prompt (a low-detail image's flat count). */
export const IMAGE_TOKENS = 85;
/** Prompts shorter than this get no cached tokens (as OpenAI's prompt caching). */
export const CACHE_MIN_TOKENS = 1024;
/** Cached tokens come in steps of this size. */
export const CACHE_STEP = 128;

/** A validated responses request with its whole conversation. */
export interface ResponsesCall {
  req: ResponsesRequest;
  /** Prefix from `previous_response_id`, then `input` (item references resolved). */
  conversation: InputItem[];
  messages: ChatMessage[];
  cachedTokens: number;
}

/** Cached tokens for a conversation prefix: none under 1024 tokens, else the prefix in whole 128-token steps. */
export function cachedTokensFor(prefixTokens: number): number {
  return prefixTokens < CACHE_MIN_TOKENS ? 0 : Math.floor(prefixTokens / CACHE_STEP) * CACHE_STEP;
}

function prepareCall(store: ResponseStore, body: unknown): { call: ResponsesCall; promptTokens: number; text: string } {
  const req = parseResponsesRequest(body);
  const previous = req.previousResponseId ? store.get(req.previousResponseId, 'previous_response_id') : null;
  const conversation = [...(previous?.conversation ?? []), ...store.resolve(req.input)];
  const messages = itemsAsMessages(req.instructions, conversation);
  const promptTokens = countChatPrompt(messages, req.rawTools) + IMAGE_TOKENS * countImages(conversation);
  const cachedTokens = Math.min(cachedTokensFor(previous?.conversationTokens ?? 0), promptTokens);
  const text = messages.map((m) => contentText(m.content)).join('\n');
  return { call: { req, conversation, messages, cachedTokens }, promptTokens, text };
}

function storeResponse(store: ResponseStore, call: ResponsesCall, p: ResponseParts, promptTokens: number): void {
  if (!call.req.store) return;
  const inputItems = call.conversation.map(listedItem);
  const conversation = [...inputItems, ...(p.output as InputItem[])];
  store.put(p.id, { body: responseBody(p, true), conversation, inputItems, conversationTokens: promptTokens + p.usage.output_tokens });
}

/** The `POST /v1/responses` route, keeping stored responses in `store`. */
export function responsesRoute(store: ResponseStore): Route<ResponsesCall> {
  return {
    prepare(body) {
      const { call, promptTokens, text } = prepareCall(store, body);
      return { req: call, model: call.req.model, text, stream: call.req.stream, promptTokens };
    },
    async respond(ctx, prepared, r) {
      const call = prepared.req;
      const completion = buildCompletion(asChatRequest(call.req, call.messages), r);
      const output = completionTokens(completion);
      ctx.entry.completionTokens = output;
      ctx.entry.cachedTokens = call.cachedTokens;
      const usage = responsesUsage(prepared.promptTokens, call.cachedTokens, output);
      const p: ResponseParts = { id: newId('resp_'), createdAt: Math.floor(Date.now() / 1000), req: call.req, output: outputItems(completion), completion, usage };
      if (!streamFault(r)) storeResponse(store, call, p, prepared.promptTokens);
      if (!call.req.stream) sendJsonWithFaults(ctx, responseBody(p, true), r);
      else await writeResponseStream(ctx, p, r?.chunkDelayMs ?? 0, streamFault(r));
    },
  };
}

/** An input item as `input_items` lists it: with an id, and a message's string content as one text part. */
function listedItem(item: InputItem): InputItem {
  if (item.type !== 'message') return { id: (item.id as string | undefined) ?? newId(item.type === 'function_call' ? 'fc_' : 'fco_'), ...item };
  const partType = item.role === 'assistant' ? 'output_text' : 'input_text';
  const content = typeof item.content === 'string' ? [{ type: partType, text: item.content }] : item.content;
  return { id: (item.id as string | undefined) ?? newId('msg_'), ...item, status: 'completed', content };
}

/** The page `GET /v1/responses/:id/input_items` answers: every input item (with the prefix), newest first. */
function inputItemsPage(items: readonly InputItem[]): unknown {
  const data = [...items].reverse();
  return { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null, has_more: false };
}

/** What a stored-response request asks for: `GET`/`DELETE /v1/responses/:id` or `GET …/:id/input_items`. */
interface StoredRequest {
  id: string;
  action: 'GET' | 'DELETE' | 'INPUT_ITEMS';
}

/** Parses the route parameter the server builds: "METHOD id" or "METHOD id/input_items". */
function storedRequest(param: string | undefined): StoredRequest {
  const [method, rest] = (param ?? '').split(' ', 2);
  const [id, sub] = (rest ?? '').split('/', 2);
  if (sub === 'input_items' && method === 'GET') return { id, action: 'INPUT_ITEMS' };
  if (sub !== undefined) throw new MockHttpError(404, `Invalid URL (${method} /v1/responses/${rest})`, null, null);
  return { id, action: method === 'DELETE' ? 'DELETE' : 'GET' };
}

/** `GET` and `DELETE /v1/responses/:id`, `GET /v1/responses/:id/input_items`: a stored response, or 404. */
export function storedResponseRoute(store: ResponseStore): Route<StoredRequest> {
  return {
    prepare(_body, param) {
      const req = storedRequest(param);
      store.get(req.id);
      return { req, model: null, text: '', stream: false, promptTokens: 0 };
    },
    respond(ctx, prepared, r) {
      const { id, action } = prepared.req;
      if (action === 'GET') return sendJsonWithFaults(ctx, store.get(id).body, r);
      if (action === 'INPUT_ITEMS') return sendJsonWithFaults(ctx, inputItemsPage(store.get(id).inputItems), r);
      if (!store.delete(id)) throw new MockHttpError(404, `Response with id '${id}' not found.`, null, null);
      sendJson(ctx, 200, { id, object: 'response.deleted', deleted: true });
    },
  };
}
