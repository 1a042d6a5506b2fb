import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Metrics } from '../core/platform/metrics';

/** A request id a client or proxy sent is kept when it is plain; anything else gets a new one. */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Access logs (pino-http: one line per request, with its id, method, route, status and time) and the request id,
 * echoed in `X-Request-Id` and carried by `req.log` for every line logged about that request. Bearer tokens and
 * cookies never reach the log.
 */
export function requestLogging(log: Logger): RequestHandler {
  return pinoHttp({
    logger: log,
    genReqId: (req, res) => {
      const sent = req.headers['x-request-id'];
      const id = typeof sent === 'string' && CLIENT_REQUEST_ID.test(sent) ? sent : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    // The long-lived event streams are logged when they end, like any request.
    autoLogging: { ignore: (req) => req.url === '/healthz' },
  });
}

/** Counts every answered request by route template (not the raw path: ids would explode the series) and status. */
export function requestMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path;
      const labels = { route: route ? `${req.baseUrl}${route}` : 'unmatched', method: req.method };
      metrics.apiRequests.inc({ ...labels, status: String(res.statusCode) });
      metrics.apiRequestSeconds.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}
