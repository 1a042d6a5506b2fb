import type { ErrorRequestHandler } from 'express';
import { AppError } from '../../core/platform/app-error';
import type { Logger } from 'pino';
import type { Principal } from '../../core/access/authenticate';
import { html } from './html';
import { sendPage } from './layout';

const TITLES: Record<number, string> = { 401: 'Please sign in', 403: 'Not allowed', 404: 'Not found' };

/** Errors on the pages become HTML pages (the JSON API keeps its own error middleware); failures are logged to `logger`. */
export const pageErrorHandler = (logger: Logger): ErrorRequestHandler => (error, req, res, _next) => {
  const known = error instanceof AppError ? error : undefined;
  const status = known?.status ?? (typeof error?.status === 'number' && error.status < 500 ? error.status : 500);
  if (!known && status >= 500) logger.error({ err: error, method: req.method, path: req.path }, 'page failed');
  if (res.headersSent) return;
  const message = known?.message ?? (status >= 500 ? 'Something went wrong on our side.' : 'The request could not be processed.');
  sendPage(res, {
    title: TITLES[status] ?? (status >= 500 ? 'Something went wrong' : 'Request refused'),
    principal: res.locals.principal as Principal | undefined,
    body: html`<p role="alert">${message}</p><p><a href="/ui">Back to the start page</a>${status === 401 ? html` · <a href="/ui/sign-in">Sign in</a>` : ''}</p>`,
  }, status);
};
