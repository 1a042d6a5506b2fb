/** Entry point of an API process (docker-compose's `api` service; `npm start` runs one in-process). */
import { getConfig } from '../lib/config';
import { createDb } from '../lib/db';
import { logger } from '../lib/logger';
import { createRedis, createSubmissionQueue } from '../lib/submission-queue';
import { createDocker } from '../sandbox/docker-client';
import { startApi } from './start-api';

const config = getConfig();
const db = createDb();
const redis = createRedis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
const queue = createSubmissionQueue(config.QUEUE_NAME, redis);
startApi({ db, queue, redis, docker: createDocker(), config, log: logger }).then((api) => {
  const stop = async () => {
    await api.close();
    await queue.close();
    redis.disconnect();
    await db.end();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}, (error) => {
  logger.fatal({ err: error }, 'API failed to start');
  process.exit(1);
});
