import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Express } from 'express';
import type { ApiDeps } from './api-deps';
import { requireRole } from './auth-middleware';

/** Where the queue dashboard lives. */
export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * bull-board for admins at `/admin/queues`: the submission, webhook and quality queues, their jobs and failures.
 * Read-only: the judge's own reconciler and retries own every job's fate, so nobody retries or removes one by hand
 * (which could judge a submission twice or lose one). Reads take the admin's bearer token or the pages' cookie.
 */
export function addQueueDashboard(app: Express, deps: ApiDeps): void {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: [deps.queue, ...(deps.observedQueues ?? [])].map((queue) => new BullMQAdapter(queue, { readOnlyMode: true })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'ai-judge queues' } },
  });
  app.use(QUEUE_DASHBOARD_PATH, requireRole(deps, ['admin']), serverAdapter.getRouter());
}
