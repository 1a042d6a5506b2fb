import type IORedis from 'ioredis';
import type Docker from 'dockerode';
import type { Db } from './db';
import { aliveWorkers, HEARTBEAT_FRESH_MS } from './worker-heartbeat';

const CHECK_TIMEOUT_MS = 1_500;

function within<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS).unref())]);
}

async function workersAlive(redis: IORedis, queueName: string): Promise<string> {
  const alive = await aliveWorkers(redis, queueName);
  if (alive.length === 0) throw new Error(`no worker has reported in ${HEARTBEAT_FRESH_MS / 1000} s`);
  return `${alive.length} alive`;
}

/**
 * Asks PostgreSQL, Redis and the Docker Engine whether they answer, and Redis whether a worker has reported lately
 * (heartbeats, `worker-heartbeat.ts`): without one, accepted submissions would only wait. Names whatever is down.
 */
export async function checkReadiness(deps: { db: Db; redis: IORedis; docker: Docker; config: { QUEUE_NAME: string } }) {
  const checks: Record<string, () => Promise<unknown>> = {
    postgres: () => deps.db.query('SELECT 1'),
    redis: () => deps.redis.ping(),
    docker: () => deps.docker.ping(),
    workers: () => workersAlive(deps.redis, deps.config.QUEUE_NAME),
  };
  const results = await Promise.all(Object.entries(checks).map(async ([name, check]) => {
    try {
      const answer = await within(check());
      return [name, typeof answer === 'string' && name === 'workers' ? `up: ${answer}` : 'up'] as const;
    } catch (error) {
      return [name, `down: ${(error as Error).message}`] as const;
    }
  }));
  const down = results.filter(([, state]) => !state.startsWith('up')).map(([name]) => name);
  return { ready: down.length === 0, down, checks: Object.fromEntries(results) };
}
