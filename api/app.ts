import express from 'express';
import { errorMiddleware, notFoundHandler } from './error-middleware';
import type { ApiDeps } from './api-deps';
import { createRoutes } from './routes';
import { createMetrics, observeQueues, type Metrics } from '../core/platform/metrics';
import { requestLogging, requestMetrics } from './request-observer';
import { cors } from './cors';
import { addQueueDashboard } from './queue-dashboard';

/** Metrics for an app started without the process's own (tests): the submission queue observed. */
function metricsOfQueue(deps: ApiDeps): Metrics {
  const metrics = createMetrics();
  observeQueues(metrics, [deps.queue]);
  return metrics;
}

/** Builds the Express application (no listening): JSON only, bounded bodies, one error middleware. */
export function createApp(given: ApiDeps): express.Express {
  const deps = { ...given, metrics: given.metrics ?? metricsOfQueue(given) };
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(requestLogging(deps.log));
  app.use(requestMetrics(deps.metrics));
  if (deps.config.CORS_ORIGINS) app.use(cors(deps.config.CORS_ORIGINS));
  addQueueDashboard(app, deps);
  app.use(express.json({ limit: deps.config.MAX_BODY_BYTES, strict: true }));
  app.use(createRoutes(deps));
  app.use(notFoundHandler);
  app.use(errorMiddleware(deps.log));
  return app;
}
