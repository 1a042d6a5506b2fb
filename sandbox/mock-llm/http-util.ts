/**
 * @module http-util
 * Per-request context and small HTTP helpers (body reading, JSON replies, cancellable sleep).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JournalEntry } from './types';

/** Everything a handler needs about one request. `signal` aborts on client disconnect or server close. */
export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  entry: JournalEntry;
  signal: AbortSignal;
}

/** Largest accepted request body. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** True when nothing more can (or should) be written. */
export function isGone(ctx: Ctx): boolean {
  return ctx.signal.aborted || ctx.res.destroyed || ctx.res.writableEnded;
}

/** Write the status line and headers, recording the status in the journal. */
export function writeHead(ctx: Ctx, status: number, headers: Record<string, string> = {}): void {
  ctx.entry.status = status;
  ctx.res.writeHead(status, headers);
}

/** Send a complete JSON response. */
export function sendJson(ctx: Ctx, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (isGone(ctx)) return;
  const text = JSON.stringify(body);
  writeHead(ctx, status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  ctx.res.end(text);
}

/** End the TCP connection after what was written so far, without finishing the HTTP response. */
export function closeAbruptly(ctx: Ctx): void {
  const socket = ctx.res.socket;
  if (socket) socket.end();
  else ctx.res.destroy();
}

/** Read the whole body; resolves null when it exceeds `limit` bytes. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else parts.push(chunk);
    });
    const done = (): void => resolve(tooLarge ? null : Buffer.concat(parts));
    req.on('end', done);
    req.on('close', done); // a client that disconnects mid-body must not leave the handler waiting
    req.on('error', reject);
  });
}

/** Sleep for `ms`; resolves false early if `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
