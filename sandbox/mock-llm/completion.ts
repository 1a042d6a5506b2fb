/**
 * @module completion
 * Decide what a chat completion contains: scripted content, a forced tool call, JSON, or the default answer.
 */
import { randomBytes } from 'node:crypto';
import type { ChatRequest } from './chat-request';
import { defaultAnswer } from './default-answer';
import { sampleFromSchema } from './schema-sample';
import type { FlatResponse } from './scripts';
import { countText, truncateToTokens } from './tokens';
import type { FinishReason, ScriptToolCall } from './types';

export interface ToolCallOut {
  id: string;
  name: string;
  arguments: string;
}

export interface Completion {
  content: string | null;
  toolCalls: ToolCallOut[];
  finishReason: FinishReason;
  /** Content split into stream chunks; joined they equal `content`. */
  pieces: string[];
}

/** A random id with a prefix, e.g. "chatcmpl-…", "call_…". */
export function newId(prefix: string): string {
  return prefix + randomBytes(12).toString('hex');
}

/** Split text into word-sized pieces whose concatenation is the text. */
export function splitPieces(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

function toolCall(c: ScriptToolCall): ToolCallOut {
  const args = typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments ?? {});
  return { id: c.id ?? newId('call_'), name: c.name, arguments: args };
}

function forcedTool(req: ChatRequest): ScriptToolCall | null {
  const tc = req.toolChoice as { type?: string; function?: { name?: string } } | string | undefined;
  const tools = req.tools.filter((t) => typeof t.function?.name === 'string');
  if (tools.length === 0) return null;
  let chosen = tc === 'required' ? tools[0] : null;
  if (typeof tc === 'object' && tc && typeof tc.function?.name === 'string') chosen = tools.find((t) => t.function?.name === tc.function?.name) ?? null;
  if (!chosen?.function?.name) return null;
  return { name: chosen.function.name, arguments: sampleFromSchema(chosen.function.parameters ?? { type: 'object' }) };
}

function text(content: string, finishReason: FinishReason, maxTokens: number | null, pieces?: string[]): Completion {
  if (maxTokens !== null && !pieces && countText(content) > maxTokens) {
    const cut = truncateToTokens(content, maxTokens);
    return { content: cut, toolCalls: [], finishReason: 'length', pieces: splitPieces(cut) };
  }
  return { content, toolCalls: [], finishReason, pieces: pieces ?? splitPieces(content) };
}

/** The completion for a request, given the matched rule's response (or null for default behaviour). */
export function buildCompletion(req: ChatRequest, r: FlatResponse | null): Completion {
  if (r?.toolCalls) {
    const content = r.reply ?? null;
    return { content, toolCalls: r.toolCalls.map(toolCall), finishReason: 'tool_calls', pieces: content ? splitPieces(content) : [] };
  }
  if (r?.json !== undefined) return text(JSON.stringify(r.json), 'stop', null);
  if (r?.stream) return text(r.stream.join(''), r.finishReason ?? 'stop', null, r.stream);
  if (r?.reply !== undefined) return text(r.reply, r.finishReason ?? 'stop', req.maxTokens);
  const forced = forcedTool(req);
  if (forced) return { content: null, toolCalls: [toolCall(forced)], finishReason: 'tool_calls', pieces: [] };
  if (req.responseFormat.type === 'json_schema') return text(JSON.stringify(sampleFromSchema(req.responseFormat.schema)), 'stop', null);
  const answer = defaultAnswer(req.messages);
  if (req.responseFormat.type === 'json_object') return text(JSON.stringify({ answer: answer.text, citations: answer.citations }), 'stop', null);
  return text(answer.text, 'stop', req.maxTokens);
}

/** Completion tokens: the content plus each tool call's name and arguments. */
export function completionTokens(c: Pick<Completion, 'content' | 'toolCalls'>): number {
  return countText(c.content ?? '') + c.toolCalls.reduce((n, t) => n + countText(t.name) + countText(t.arguments), 0);
}
