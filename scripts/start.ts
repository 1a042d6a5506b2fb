/** `npm start`: set-up, then one API and one worker in this process. */
import { startApi } from '../api/start-api';
import { getConfig } from '../lib/config';
import { createDb } from '../lib/db';
import { logger } from '../lib/logger';
import { createRedis, createSubmissionQueue } from '../lib/submission-queue';
import { createDocker } from '../sandbox/docker-client';
import { startWorker } from '../worker/start-worker';
import { setup } from './setup';

async function main(): Promise<void> {
  await setup({ loadChallenges: true });
  const config = getConfig();
  const db = createDb();
  const docker = createDocker();
  const redis = createRedis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
  const queue = createSubmissionQueue(config.QUEUE_NAME, redis);
  const worker = await startWorker({ db, docker, config, log: logger });
  const api = await startApi({ db, queue, redis, docker, config, log: logger });
  console.log(`\nThe judge is running: API at ${api.url} (try ${api.url}/v1/challenges). Ctrl-C stops it.\n`);
  const stop = async () => {
    await api.close();
    await worker.close();
    await queue.close();
    redis.disconnect();
    await db.end();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((error) => {
  console.error(`\nThe judge could not start: ${(error as Error).message}`);
  process.exit(1);
});
