import express from 'express';
import { errorMiddleware, notFoundHandler } from './error-middleware';
import type { ApiDeps } from './api-deps';
import { createRoutes } from './routes';

/** Builds the Express application (no listening): JSON only, bounded bodies, one error middleware. */
export function createApp(deps: ApiDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(express.json({ limit: deps.config.MAX_BODY_BYTES, strict: true }));
  app.use(createRoutes(deps));
  app.use(notFoundHandler);
  app.use(errorMiddleware(deps.log));
  return app;
}
