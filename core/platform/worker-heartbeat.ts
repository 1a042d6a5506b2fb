import type IORedis from 'ioredis';

/** How often a worker says it is alive, and how long a word counts. */
export const HEARTBEAT_INTERVAL_MS = 5_000;
export const HEARTBEAT_FRESH_MS = 15_000;

/** One sorted set per queue: member = worker id, score = the time of its last heartbeat (ms). */
const heartbeatKey = (queueName: string) => `${queueName}:workers`;

/** Records that `workerId` is alive now; `freshForMs` lets a test keep a worker counted for longer. */
export async function recordWorkerHeartbeat(redis: IORedis, queueName: string, workerId: string, freshForMs = 0): Promise<void> {
  await redis.zadd(heartbeatKey(queueName), Date.now() + freshForMs, workerId);
}

/** Removes a stopping worker at once, so readiness does not count it for the rest of its freshness. */
export async function removeWorkerHeartbeat(redis: IORedis, queueName: string, workerId: string): Promise<void> {
  await redis.zrem(heartbeatKey(queueName), workerId);
}

/** The workers whose last heartbeat is fresh; older entries are dropped. */
export async function aliveWorkers(redis: IORedis, queueName: string): Promise<string[]> {
  const key = heartbeatKey(queueName);
  const staleBefore = Date.now() - HEARTBEAT_FRESH_MS;
  await redis.zremrangebyscore(key, '-inf', `(${staleBefore}`);
  return redis.zrangebyscore(key, staleBefore, '+inf');
}
