/**
 * @module api-process
 * The API process's wiring, shared by `api/main.ts` and `npm start`: opens its connections from the config it is
 * given, starts the HTTP server, and closes all of it.
 */
import type { Logger } from 'pino';
import type { Config } from '../core/platform/config';
import { createDb } from '../core/platform/db';
import { createRedis, createSubmissionQueue } from '../core/submissions/submission-queue';
import { createDocker } from '../sandbox/docker-client';
import { startApi } from './start-api';

/** A started API process: where it listens, and how to stop it. */
export interface RunningApiProcess {
  url: string;
  /** Stops accepting requests, lets in-flight ones finish, then closes the queue, Redis and PostgreSQL. */
  close(): Promise<void>;
}

/** Opens PostgreSQL, Redis (the queue and candidate limits) and Docker (readiness), then listens on HOST:PORT. */
export async function startApiProcess(config: Config, log: Logger): Promise<RunningApiProcess> {
  const db = createDb(config.DATABASE_URL, config.DB_SCHEMA);
  const redis = createRedis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
  const queue = createSubmissionQueue(config, redis);
  const closeConnections = async () => {
    await queue.close();
    redis.disconnect();
    await db.end();
  };
  const api = await startApi({ db, queue, redis, docker: createDocker(config.DOCKER_SOCKET), config, log }).catch(async (error: unknown) => {
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
