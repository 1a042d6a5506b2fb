import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError } from '../core/platform/app-error';
import type { Logger } from 'pino';
import { allowedMethods } from './operations';

/** Errors raised by express.json(), mapped to stable codes. */
const BODY_ERRORS: Record<string, [number, string, string]> = {
  'entity.parse.failed': [400, 'invalid_json', 'The request body is not valid JSON.'],
  'entity.too.large': [413, 'payload_too_large', 'The request body is too large.'],
  'encoding.unsupported': [415, 'unsupported_encoding', 'The request body encoding is not supported.'],
  'charset.unsupported': [415, 'unsupported_charset', 'The request body charset is not supported; use UTF-8.'],
  'request.aborted': [400, 'request_aborted', 'The request was aborted.'],
};

/** Renders every error as `{ error: { code, message, details? } }`; unexpected ones are logged to `logger` and hidden. */
export const errorMiddleware = (logger: Logger): ErrorRequestHandler => (error, req, res, _next) => {
  let appError: AppError;
  if (error instanceof AppError) appError = error;
  else if (typeof error?.type === 'string' && BODY_ERRORS[error.type]) {
    const [status, code, message] = BODY_ERRORS[error.type]!;
    appError = new AppError(status, code, message);
  } else if (isUnavailable(error)) {
    logger.warn({ err: error, method: req.method, path: req.path }, 'dependency unavailable');
    appError = new AppError(503, 'service_unavailable', 'The judge cannot reach its database right now; nothing was stored. Retry shortly.');
  } else if (typeof error?.status === 'number' && error.status >= 400 && error.status < 500) {
    appError = new AppError(error.status, 'bad_request', 'The request could not be processed.');
  } else {
    logger.error({ err: error, method: req.method, path: req.path }, 'unhandled error');
    appError = new AppError(500, 'internal_error', 'Something went wrong on our side.');
  }
  if (res.headersSent) return;
  if (appError.status === 401) res.set('WWW-Authenticate', 'Bearer realm="ai-judge"');
  const retryAfter = (appError.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  if (appError.status === 429 && typeof retryAfter === 'number') res.set('Retry-After', String(retryAfter));
  res.status(appError.status).json({ error: { code: appError.code, message: appError.message, ...(appError.details ? { details: appError.details } : {}) } });
};

/** Connection-level failures of PostgreSQL (refused, reset, shutting down): the request can be retried later. */
function isUnavailable(error: { code?: unknown }): boolean {
  const code = typeof error?.code === 'string' ? error.code : '';
  return ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(code) || code.startsWith('08') || code.startsWith('57P');
}

/** 405 `method_not_allowed` (with `Allow`) for a path the API has other methods on, else 404 `route_not_found`. */
export const notFoundHandler: RequestHandler = (req, res) => {
  const allowed = allowedMethods(req.path);
  if (allowed.length > 0) {
    res.set('Allow', allowed.join(', '));
    throw new AppError(405, 'method_not_allowed', `${req.method} is not allowed on ${req.path}; use ${allowed.join(' or ')}.`);
  }
  throw new AppError(404, 'route_not_found', `No route for ${req.method} ${req.path}.`);
};

/** JSON bodies only: anything else on a write is 415 before it is parsed. */
export const requireJson: RequestHandler = (req, _res, next) => {
  if (!req.is('application/json')) throw new AppError(415, 'unsupported_media_type', 'Send the body as application/json.');
  next();
};
