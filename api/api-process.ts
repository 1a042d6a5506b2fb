/**
 * @module api-process
 * The API process's wiring, shared by `api/main.ts` and `npm start`: opens its connections from the config it is
 * given, starts the HTTP server, and closes all of it.
 */
import type { Logger } from 'pino';
import type { Config } from '../core/platform/config';
import { createDb } from '../core/platform/db';
import { createMetrics, observeQueues, serveMetrics, type Metrics } from '../core/platform/metrics';
import { createQualityQueue } from '../core/quality/quality-queue';
import { createWebhookQueue } from '../core/webhooks/webhook-queue';
import { createRedis, createSubmissionQueue } from '../core/submissions/submission-queue';
import { createDocker } from '../sandbox/docker-client';
import { startApi } from './start-api';

/** A started API process: where it listens, and how to stop it. */
export interface RunningApiProcess {
  url: string;
  /** Stops accepting requests, lets in-flight ones finish, then closes the queue, Redis and PostgreSQL. */
  close(): Promise<void>;
}

/**
 * Opens PostgreSQL, Redis (the queue and candidate limits) and Docker (readiness), then listens on HOST:PORT. The
 * metrics (`shared` from `npm start`, else this process's own) observe the three queues and are also served on
 * `METRICS_PORT` when set.
 */
export async function startApiProcess(config: Config, log: Logger, shared?: Metrics): Promise<RunningApiProcess> {
  const db = createDb(config.DATABASE_URL, config.DB_SCHEMA);
  const redis = createRedis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
  const queue = createSubmissionQueue(config, redis);
  const observed = [createWebhookQueue(config, redis), createQualityQueue(config, redis)];
  const metrics = shared ?? createMetrics();
  observeQueues(metrics, [queue, ...observed]);
  const served = config.METRICS_PORT ? await serveMetrics(metrics, config.METRICS_HOST, config.METRICS_PORT) : undefined;
  if (served) log.info({ url: served.url }, 'metrics served');
  const closeConnections = async () => {
    await served?.close();
    for (const other of observed) await other.close();
    await queue.close();
    redis.disconnect();
    await db.end();
  };
  const api = await startApi({ db, queue, observedQueues: observed, redis, docker: createDocker(config.docker), config, log, metrics }).catch(async (error: unknown) => {
    await closeConnections().catch(() => undefined);
    throw error;
  });
  return {
    url: api.url,
    async close() {
      await api.close();
      await closeConnections();
    },
  };
}
