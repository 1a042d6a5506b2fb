/**
 * @module stream
 * Server-sent events for streamed chat completions, and the stream faults.
 *
 * Frames: `data: <chunk JSON>\n\n`. Every chunk has the same id and created. The first chunk's delta
 * carries `role: "assistant"` (with the first content piece, or the first tool-call header). Content
 * arrives as word-sized pieces; each tool call as a header delta (index, id, type, function.name,
 * arguments "") then argument fragments of up to 16 characters. `finish_reason` is null until the last
 * choice chunk (empty delta). With `stream_options.include_usage` every chunk has `usage: null` and one
 * more chunk with `choices: []` and the usage follows. Then `data: [DONE]\n\n` and the response ends.
 */
import { errorBody } from './errors';
import { closeAbruptly, isGone, sleep, writeHead, type Ctx } from './http-util';
import type { Completion } from './completion';
import { countText } from './tokens';

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface StreamMeta {
  id: string;
  created: number;
  model: string;
  includeUsage: boolean;
  usage: Usage;
}

export interface StreamFault {
  kind: 'stall' | 'truncate' | 'errorFrame' | 'malformedJson';
  /** Chunks sent before the fault. */
  after: number;
  abrupt?: boolean;
  message?: string;
}

interface Frame {
  chunk: Record<string, unknown>;
  /** Completion text the frame delivers (for token counting of partial streams). */
  text: string;
}

const ARG_FRAGMENT = 16;

/** All chunks of a completion, in order (usage chunk last when requested). */
export function buildFrames(meta: StreamMeta, c: Completion): Frame[] {
  const wrap = (delta: Record<string, unknown>, finish: string | null = null): Record<string, unknown> => ({
    id: meta.id,
    object: 'chat.completion.chunk',
    created: meta.created,
    model: meta.model,
    system_fingerprint: 'fp_mock',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...(meta.includeUsage ? { usage: null } : {}),
  });
  const deltas: { delta: Record<string, unknown>; text: string }[] = [];
  for (const piece of c.pieces) deltas.push({ delta: { content: piece }, text: piece });
  c.toolCalls.forEach((call, index) => {
    deltas.push({ delta: { tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }, text: call.name });
    for (let i = 0; i < call.arguments.length; i += ARG_FRAGMENT) {
      const fragment = call.arguments.slice(i, i + ARG_FRAGMENT);
      deltas.push({ delta: { tool_calls: [{ index, function: { arguments: fragment } }] }, text: fragment });
    }
  });
  if (deltas.length === 0) deltas.push({ delta: { content: '' }, text: '' });
  deltas[0].delta = { role: 'assistant', ...deltas[0].delta };
  const frames: Frame[] = deltas.map((d) => ({ chunk: wrap(d.delta), text: d.text }));
  frames.push({ chunk: wrap({}, c.finishReason), text: '' });
  if (meta.includeUsage) {
    frames.push({ chunk: { ...wrap({}), choices: [], usage: meta.usage }, text: '' });
  }
  return frames;
}

function sse(data: string): string {
  return `data: ${data}\n\n`;
}

/** One server-sent event ready to write, and the completion text it delivers. */
export interface SseFrame {
  sse: string;
  text: string;
}

/** How a stream of frames ends: normally, on an error frame, or after a malformed frame. */
export interface StreamEnding {
  /** Written after the last frame of a complete stream ('' for none). */
  done: string;
  /** The error event of `errorFrameAfterChunks`. */
  errorFrame(message: string): string;
  /** The broken event of `malformedJson`, followed by `done`. */
  malformed: string;
}

/** Write SSE frames, applying `fault` if given. Records delivered completion tokens on faults. */
export async function writeFrames(ctx: Ctx, frames: readonly SseFrame[], chunkDelayMs: number, fault: StreamFault | null, ending: StreamEnding): Promise<void> {
  writeHead(ctx, 200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  ctx.res.flushHeaders();
  const limit = fault ? Math.min(fault.kind === 'malformedJson' ? 1 : fault.after, frames.length) : frames.length;
  let delivered = '';
  for (let i = 0; i < limit; i++) {
    if (i > 0 && chunkDelayMs > 0 && !(await sleep(chunkDelayMs, ctx.signal))) return;
    if (isGone(ctx)) return;
    ctx.res.write(frames[i].sse);
    delivered += frames[i].text;
  }
  if (fault) {
    ctx.entry.fault = fault.kind;
    ctx.entry.completionTokens = countText(delivered);
  }
  if (isGone(ctx)) return;
  switch (fault?.kind) {
    case 'stall':
      return; // keep the socket open, send nothing more
    case 'truncate':
      if (fault.abrupt) closeAbruptly(ctx);
      else ctx.res.end();
      return;
    case 'errorFrame':
      ctx.res.end(ending.errorFrame(fault.message ?? 'The server had an error while streaming (mock).'));
      return;
    case 'malformedJson':
      ctx.res.write(ending.malformed);
      ctx.res.end(ending.done);
      return;
    default:
      ctx.res.end(ending.done);
  }
}

/** Stream a chat completion, applying `fault` if given. */
export async function writeStream(ctx: Ctx, meta: StreamMeta, c: Completion, chunkDelayMs: number, fault: StreamFault | null): Promise<void> {
  const frames = buildFrames(meta, c).map((f) => ({ sse: sse(JSON.stringify(f.chunk)), text: f.text }));
  await writeFrames(ctx, frames, chunkDelayMs, fault, {
    done: sse('[DONE]'),
    errorFrame: (message) => sse(JSON.stringify(errorBody(message, 'server_error', null, null))),
    malformed: sse(`{"id":"${meta.id}","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"`),
  });
}
