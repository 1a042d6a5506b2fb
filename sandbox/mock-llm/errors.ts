/**
 * @module errors
 * OpenAI-shaped error bodies: `{ "error": { message, type, param, code } }`.
 */
import { sendJson, type Ctx } from './http-util';

/** A request the mock rejects with an OpenAI-shaped error. */
export class MockHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
    readonly type: string = defaultErrorType(status),
  ) {
    super(message);
  }
}

/** The `type` OpenAI uses for a status. */
export function defaultErrorType(status: number): string {
  if (status === 401) return 'invalid_request_error';
  if (status === 403) return 'permission_error';
  if (status === 429) return 'requests';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

/** A default error code for a status (null when OpenAI sends none). */
export function defaultErrorCode(status: number): string | null {
  if (status === 401) return 'invalid_api_key';
  if (status === 429) return 'rate_limit_exceeded';
  if (status === 503) return 'overloaded';
  return null;
}

/** A default human message for a status. */
export function defaultErrorMessage(status: number): string {
  if (status === 400) return 'Invalid request (mock).';
  if (status === 401) return 'Incorrect API key provided (mock).';
  if (status === 403) return 'Permission denied (mock).';
  if (status === 404) return 'Not found (mock).';
  if (status === 429) return 'Rate limit reached (mock). Please try again later.';
  if (status === 503) return 'The server is overloaded (mock). Please try again later.';
  if (status >= 500) return 'The server had an error while processing your request (mock).';
  return `Request failed with status ${status} (mock).`;
}

/** The JSON error body. */
export function errorBody(message: string, type: string, param: string | null, code: string | null): unknown {
  return { error: { message, type, param, code } };
}

/** Send a MockHttpError. */
export function sendError(ctx: Ctx, err: MockHttpError, headers: Record<string, string> = {}): void {
  sendJson(ctx, err.status, errorBody(err.message, err.type, err.param, err.code), headers);
}

/** Headers telling a client when to retry: `retry-after-ms` and whole-second `retry-after`. */
export function retryAfterHeaders(ms: number): Record<string, string> {
  const safe = Math.max(0, Math.round(ms));
  return { 'retry-after-ms': String(safe), 'retry-after': String(Math.max(1, Math.ceil(safe / 1000))) };
}

/** Illustrative limits sent in the `x-ratelimit-*` headers of a scripted 429. */
export const RATE_LIMITS = { requests: 500, tokens: 200000 };

/**
 * The `x-ratelimit-*` headers of an exhausted request limit: limit, `remaining-requests` 0, and both resets in
 * OpenAI's duration form (e.g. `150ms`, `2.5s`).
 */
export function rateLimitHeaders(resetMs: number): Record<string, string> {
  const safe = Math.max(0, Math.round(resetMs));
  const reset = safe < 1000 ? `${safe}ms` : `${safe / 1000}s`;
  return {
    'x-ratelimit-limit-requests': String(RATE_LIMITS.requests),
    'x-ratelimit-remaining-requests': '0',
    'x-ratelimit-reset-requests': reset,
    'x-ratelimit-limit-tokens': String(RATE_LIMITS.tokens),
    'x-ratelimit-remaining-tokens': String(RATE_LIMITS.tokens),
    'x-ratelimit-reset-tokens': '0s',
  };
}
