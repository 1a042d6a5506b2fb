/**
 * @module faults
 * Faults that do not depend on the route: scripted error statuses, and the non-streaming forms of
 * the stream faults applied to a JSON body.
 *
 * Non-streaming forms: `stallAfterChunks` sends status 200 and the first half of the body, then
 * nothing; `truncateAfterChunks` sends the first half and ends the response (or destroys the socket
 * when `abrupt`); `errorFrameAfterChunks` answers 500 server_error; `malformedJson` sends 200 with the
 * first half of the body as a complete (invalid) JSON response.
 */
import { defaultErrorCode, defaultErrorMessage, defaultErrorType, errorBody, rateLimitHeaders, retryAfterHeaders } from './errors';
import { closeAbruptly, isGone, sendJson, writeHead, type Ctx } from './http-util';
import type { FlatResponse } from './scripts';
import type { StreamFault } from './stream';

/** `retry-after-ms` used on a scripted 429 that does not set `retryAfterMs`. */
export const DEFAULT_RETRY_AFTER_MS = 100;

/** Send a scripted error status. */
export function sendStatusFault(ctx: Ctx, r: FlatResponse & { status: number }): void {
  const headers: Record<string, string> = {};
  if (r.retryAfterMs !== undefined || r.status === 429) Object.assign(headers, retryAfterHeaders(r.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS));
  if (r.status === 429) Object.assign(headers, rateLimitHeaders(r.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS));
  if (r.shouldRetry !== undefined) headers['x-should-retry'] = String(r.shouldRetry);
  ctx.entry.fault = 'status';
  const body = errorBody(
    r.message ?? defaultErrorMessage(r.status),
    r.type ?? defaultErrorType(r.status),
    r.param ?? null,
    r.code !== undefined ? r.code : defaultErrorCode(r.status),
  );
  sendJson(ctx, r.status, body, headers);
}

/** The stream fault a response asks for, if any. */
export function streamFault(r: FlatResponse | null): StreamFault | null {
  if (!r) return null;
  if (r.malformedJson) return { kind: 'malformedJson', after: 1 };
  if (r.stallAfterChunks !== undefined) return { kind: 'stall', after: r.stallAfterChunks };
  if (r.truncateAfterChunks !== undefined) return { kind: 'truncate', after: r.truncateAfterChunks, abrupt: r.abrupt };
  if (r.errorFrameAfterChunks !== undefined) return { kind: 'errorFrame', after: r.errorFrameAfterChunks, message: r.message };
  return null;
}

/** Send a JSON body, or its faulty form when the response asks for a body fault. */
export function sendJsonWithFaults(ctx: Ctx, body: unknown, r: FlatResponse | null): void {
  const fault = streamFault(r);
  if (!fault) return sendJson(ctx, 200, body);
  if (isGone(ctx)) return;
  ctx.entry.fault = fault.kind;
  const text = JSON.stringify(body);
  const half = text.slice(0, Math.floor(text.length / 2));
  if (fault.kind === 'errorFrame') {
    const message = fault.message ?? defaultErrorMessage(500);
    return sendJson(ctx, 500, errorBody(message, 'server_error', null, null));
  }
  if (fault.kind === 'malformedJson') {
    writeHead(ctx, 200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(half)) });
    ctx.res.end(half);
    return;
  }
  writeHead(ctx, 200, { 'content-type': 'application/json' });
  ctx.res.write(half);
  if (fault.kind === 'truncate') {
    if (fault.abrupt) closeAbruptly(ctx);
    else ctx.res.end();
  }
}
