import type { Logger } from 'pino';
import type { Config } from '../core/platform/config';
import { HEARTBEAT_INTERVAL_MS, recordWorkerHeartbeat, removeWorkerHeartbeat } from '../core/platform/worker-heartbeat';
import { createRedis } from '../core/submissions/submission-queue';

/** Tells `/readyz` this worker is alive, every few seconds, on a connection of its own; `stop` says it is gone. */
export function startWorkerHeartbeat(config: Config, log: Logger, workerId: string): { stop(): Promise<void> } {
  const redis = createRedis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined); // the judge connection reports Redis trouble; a missed beat is harmless
  const beat = () => recordWorkerHeartbeat(redis, config.QUEUE_NAME, workerId).catch((error: unknown) => log.debug({ err: error }, 'heartbeat missed'));
  void beat();
  const timer = setInterval(() => void beat(), HEARTBEAT_INTERVAL_MS);
  return {
    async stop() {
      clearInterval(timer);
      await removeWorkerHeartbeat(redis, config.QUEUE_NAME, workerId).catch(() => undefined);
      redis.disconnect();
    },
  };
}
