/** Entry point of a worker process (docker-compose's `worker` service; `npm start` runs one in-process). */
import { getConfig } from '../core/platform/config';
import { createDb } from '../core/platform/db';
import { logger } from '../core/platform/logger';
import { createDocker } from '../sandbox/docker-client';
import { startWorker } from './start-worker';

async function main(): Promise<void> {
  const config = getConfig();
  const db = createDb();
  const running = await startWorker({ db, docker: createDocker(getConfig().DOCKER_SOCKET), config, log: logger });
  const stop = async (signal: string) => {
    logger.info({ signal }, 'worker stopping: finishing or handing back in-flight jobs');
    await running.close();
    await db.end();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((error) => {
  logger.fatal({ err: error }, 'worker failed to start');
  process.exit(1);
});
