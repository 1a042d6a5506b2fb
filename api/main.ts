/**
 * Entry point of an API process (docker-compose's `api` service; `npm start` runs one in-process). With
 * API_PROCESSES > 1 it forks that many processes sharing the port (node:cluster; the primary only restarts them).
 */
import cluster from 'node:cluster';
import { closeOnSignals } from '../core/platform/close-on-signals';
import { getConfig } from '../core/platform/config';
import { createDb } from '../core/platform/db';
import { logger } from '../core/platform/logger';
import { createRedis, createSubmissionQueue } from '../core/submissions/submission-queue';
import { createDocker } from '../sandbox/docker-client';
import { startApi } from './start-api';

const config = getConfig();

function runPrimary(): void {
  let stopping = false;
  for (let i = 0; i < config.API_PROCESSES; i++) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    logger.error({ pid: worker.process.pid, code, signal }, 'API process exited; starting another');
    cluster.fork();
  });
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    let left = Object.keys(cluster.workers ?? {}).length;
    if (left === 0) process.exit(0);
    cluster.on('exit', () => {
      if (--left === 0) process.exit(0);
    });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

function runApiProcess(): void {
  const db = createDb();
  const redis = createRedis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
  const queue = createSubmissionQueue(config, redis);
  startApi({ db, queue, redis, docker: createDocker(getConfig().DOCKER_SOCKET), config, log: logger }).then((api) => {
    closeOnSignals([() => api.close(), () => queue.close(), () => redis.disconnect(), () => db.end()]);
  }, (error) => {
    logger.fatal({ err: error }, 'API failed to start');
    process.exit(1);
  });
}

if (config.API_PROCESSES > 1 && cluster.isPrimary) runPrimary();
else runApiProcess();
