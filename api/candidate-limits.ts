import type IORedis from 'ioredis';
import type { Logger } from 'pino';
import { AppError } from '../lib/app-error';
import type { Config } from '../lib/config';
import type { Db } from '../lib/db';
import { getStatuses } from '../lib/submission-repository';

const WINDOW_MS = 60_000;
/** A reservation whose submission row never appeared (the insert failed) is dropped after this long. */
const RESERVATION_GRACE_MS = 30_000;
const IN_FLIGHT_TTL_MS = 6 * 3_600_000;
const REDIS_TIMEOUT_MS = 1_000;

/**
 * Atomic check-and-reserve, on Redis' clock so every API process agrees. KEYS: the per-minute sorted set and the
 * in-flight sorted set of one invite. ARGV: per-minute limit, in-flight limit, member (the new submission id).
 * Returns {0} when reserved, {1, retryAfterMs} when over the per-minute limit, {2} when too many are in flight.
 */
const RESERVE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - ${WINDOW_MS})
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {1, tonumber(oldest[2]) + ${WINDOW_MS} - now}
end
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[2]) then return {2, 0} end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], ${WINDOW_MS})
redis.call('ZADD', KEYS[2], now, ARGV[3])
redis.call('PEXPIRE', KEYS[2], ${IN_FLIGHT_TTL_MS})
return {0, 0}`;

function keys(config: Config, inviteId: string): [string, string] {
  const prefix = `${config.QUEUE_NAME}:limits:${inviteId}`;
  return [`${prefix}:minute`, `${prefix}:in-flight`];
}

function within<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('Redis timed out')), REDIS_TIMEOUT_MS).unref())]);
}

/**
 * Reserves a slot for a candidate's new submission `submissionId`, or throws 429 `rate_limited` (with
 * `retryAfterSeconds`, sent as `Retry-After`) or 429 `too_many_in_flight`. The in-flight set is first pruned of
 * submissions PostgreSQL says are finished, so a crashed worker or a lost hook can never lock a candidate out.
 * When Redis does not answer the submission is let through (logged): Redis being down already delays judging.
 */
export async function reserveCandidateSlot(deps: { db: Db; redis: IORedis; config: Config; log: Logger }, inviteId: string, submissionId: string): Promise<void> {
  const { config } = deps;
  const [minuteKey, inFlightKey] = keys(config, inviteId);
  let outcome: [number, number];
  try {
    outcome = await within((async () => {
      const members = await deps.redis.zrange(inFlightKey, '0', '-1', 'WITHSCORES');
      const reserved = new Map<string, number>();
      for (let i = 0; i < members.length; i += 2) reserved.set(members[i]!, Number(members[i + 1]));
      const statuses = reserved.size ? await getStatuses(deps.db, [...reserved.keys()]) : new Map();
      const stale = [...reserved]
        .filter(([id, at]) => statuses.get(id) === 'finished' || (!statuses.has(id) && Date.now() - at >= RESERVATION_GRACE_MS))
        .map(([id]) => id);
      if (stale.length) await deps.redis.zrem(inFlightKey, ...stale);
      return await deps.redis.eval(RESERVE_SCRIPT, 2, minuteKey, inFlightKey,
        config.CANDIDATE_SUBMISSIONS_PER_MINUTE, config.CANDIDATE_MAX_IN_FLIGHT, submissionId) as [number, number];
    })());
  } catch (error) {
    deps.log.warn({ err: error, inviteId }, 'candidate limits unavailable (Redis); letting the submission through');
    return;
  }
  if (outcome[0] === 1) {
    const retryAfterSeconds = Math.max(1, Math.ceil(outcome[1] / 1000));
    throw new AppError(429, 'rate_limited', `At most ${config.CANDIDATE_SUBMISSIONS_PER_MINUTE} submissions per minute; retry in ${retryAfterSeconds} s.`, { retryAfterSeconds });
  }
  if (outcome[0] === 2) {
    throw new AppError(429, 'too_many_in_flight', `At most ${config.CANDIDATE_MAX_IN_FLIGHT} submissions may be queued or running at once; wait for one to finish.`);
  }
}

/** Gives a reservation back when the submission could not be stored. */
export async function releaseCandidateSlot(deps: { redis: IORedis; config: Config }, inviteId: string, submissionId: string): Promise<void> {
  const [minuteKey, inFlightKey] = keys(deps.config, inviteId);
  await within(Promise.all([deps.redis.zrem(minuteKey, submissionId), deps.redis.zrem(inFlightKey, submissionId)])).catch(() => undefined);
}
