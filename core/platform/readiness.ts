import type IORedis from 'ioredis';
import type Docker from 'dockerode';
import type { Db } from './db';

const CHECK_TIMEOUT_MS = 1_500;

function within<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS).unref())]);
}

/** Asks PostgreSQL, Redis and the Docker Engine whether they answer; names whatever is down. */
export async function checkReadiness(deps: { db: Db; redis: IORedis; docker: Docker }) {
  const checks = {
    postgres: () => deps.db.query('SELECT 1'),
    redis: () => deps.redis.ping(),
    docker: () => deps.docker.ping(),
  };
  const results = await Promise.all(Object.entries(checks).map(async ([name, check]) => {
    try {
      await within(check());
      return [name, 'up'] as const;
    } catch (error) {
      return [name, `down: ${(error as Error).message}`] as const;
    }
  }));
  const down = results.filter(([, state]) => state !== 'up').map(([name]) => name);
  return { ready: down.length === 0, down, checks: Object.fromEntries(results) };
}
