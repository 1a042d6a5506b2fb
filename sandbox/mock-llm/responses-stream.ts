/**
 * @module responses-stream
 * The typed server-sent events of a streamed response (`event: <type>` then `data: <JSON>`, each with a
 * `sequence_number` from 0):
 * `response.created`, `response.in_progress`; per message item `response.output_item.added`,
 * `response.content_part.added`, `response.output_text.delta` (word-sized pieces), `response.output_text.done`,
 * `response.content_part.done`, `response.output_item.done`; per function call `response.output_item.added`,
 * `response.function_call_arguments.delta` (fragments of up to 16 characters), `response.function_call_arguments.done`,
 * `response.output_item.done`; then `response.completed` (or `response.incomplete`). No `[DONE]` follows.
 */
import type { Completion } from './completion';
import type { Ctx } from './http-util';
import { responseBody, textPart, type OutputItem, type ResponseParts } from './responses-output';
import { writeFrames, type SseFrame, type StreamFault } from './stream';

const ARG_FRAGMENT = 16;

interface Event {
  data: Record<string, unknown> & { type: string };
  /** Completion text the event delivers (for token counting of partial streams). */
  text: string;
}

function messageEvents(item: OutputItem, index: number, c: Completion): Event[] {
  const ids = { item_id: item.id, output_index: index, content_index: 0 };
  const text = c.content ?? '';
  const events: Event[] = [
    { data: { type: 'response.output_item.added', output_index: index, item: { ...item, status: 'in_progress', content: [] } }, text: '' },
    { data: { type: 'response.content_part.added', ...ids, part: textPart('') }, text: '' },
  ];
  for (const piece of c.pieces) events.push({ data: { type: 'response.output_text.delta', ...ids, delta: piece, logprobs: [] }, text: piece });
  events.push(
    { data: { type: 'response.output_text.done', ...ids, text, logprobs: [] }, text: '' },
    { data: { type: 'response.content_part.done', ...ids, part: textPart(text) }, text: '' },
    { data: { type: 'response.output_item.done', output_index: index, item }, text: '' },
  );
  return events;
}

function functionCallEvents(item: OutputItem, index: number): Event[] {
  const args = item.arguments as string;
  const events: Event[] = [
    { data: { type: 'response.output_item.added', output_index: index, item: { ...item, status: 'in_progress', arguments: '' } }, text: item.name as string },
  ];
  for (let i = 0; i < args.length; i += ARG_FRAGMENT) {
    const delta = args.slice(i, i + ARG_FRAGMENT);
    events.push({ data: { type: 'response.function_call_arguments.delta', item_id: item.id, output_index: index, delta }, text: delta });
  }
  events.push(
    { data: { type: 'response.function_call_arguments.done', item_id: item.id, output_index: index, name: item.name, arguments: args }, text: '' },
    { data: { type: 'response.output_item.done', output_index: index, item }, text: '' },
  );
  return events;
}

/** Every event of a streamed response, in order, numbered. */
export function responseEvents(p: ResponseParts): Event[] {
  const start = responseBody(p, false);
  const final = responseBody(p, true);
  const events: Event[] = [
    { data: { type: 'response.created', response: start }, text: '' },
    { data: { type: 'response.in_progress', response: start }, text: '' },
  ];
  p.output.forEach((item, index) => {
    events.push(...(item.type === 'message' ? messageEvents(item, index, p.completion) : functionCallEvents(item, index)));
  });
  events.push({ data: { type: final.status === 'incomplete' ? 'response.incomplete' : 'response.completed', response: final }, text: '' });
  events.forEach((e, i) => (e.data.sequence_number = i));
  return events;
}

function sse(type: string, data: unknown): string {
  return `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Stream a response's events, applying `fault` if given. An error frame is an `error` event the SDKs throw on. */
export async function writeResponseStream(ctx: Ctx, p: ResponseParts, chunkDelayMs: number, fault: StreamFault | null): Promise<void> {
  const events = responseEvents(p);
  const frames: SseFrame[] = events.map((e) => ({ sse: sse(e.data.type, e.data), text: e.text }));
  const seq = Math.min(fault?.after ?? events.length, events.length);
  await writeFrames(ctx, frames, chunkDelayMs, fault, {
    done: '',
    errorFrame: (message) => {
      const error = { type: 'server_error', code: 'server_error', message, param: null };
      return sse('error', { type: 'error', sequence_number: seq, error, code: error.code, message, param: null });
    },
    malformed: `event: response.output_text.delta\ndata: {"type":"response.output_text.delta","item_id":"\n\n`,
  });
}
