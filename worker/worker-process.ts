/**
 * @module worker-process
 * The worker process's wiring, shared by `worker/main.ts` and `npm start`: opens its connections from the config it
 * is given, starts the worker, and closes all of it.
 */
import type { Logger } from 'pino';
import type { Config } from '../core/platform/config';
import { createDb } from '../core/platform/db';
import { createMetrics, serveMetrics, type Metrics } from '../core/platform/metrics';
import { createDocker } from '../sandbox/docker-client';
import { sizeFromEngine } from './engine-sizing';
import { startWorker, type RunningWorker } from './start-worker';

/**
 * Opens PostgreSQL and Docker, sizes the worker from the Engine's host where not set, and starts it; `close` stops it
 * and ends the pool. `metrics` counts its work: given by `npm start` (shared with the API), else this process's own,
 * served on `METRICS_PORT` when set.
 */
export async function startWorkerProcess(configured: Config, log: Logger, shared?: Metrics): Promise<RunningWorker> {
  const docker = createDocker(configured.docker);
  const config = await sizeFromEngine(docker, configured, log);
  const metrics = shared ?? createMetrics();
  const served = !shared && config.METRICS_PORT ? await serveMetrics(metrics, config.METRICS_HOST, config.METRICS_PORT) : undefined;
  if (served) log.info({ url: served.url }, 'metrics served');
  const db = createDb(config.DATABASE_URL, config.DB_SCHEMA);
  const worker = await startWorker({ db, docker, config, log, metrics }).catch(async (error: unknown) => {
    await db.end().catch(() => undefined);
    throw error;
  });
  return {
    async close() {
      await worker.close();
      await served?.close();
      await db.end();
    },
  };
}
