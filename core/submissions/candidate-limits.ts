import type IORedis from 'ioredis';
import type { Logger } from 'pino';
import { AppError } from '../platform/app-error';
import type { Config } from '../platform/config';
import type { Db } from '../platform/db';
import { createMicroBatcher } from '../platform/micro-batch';
import { getStatuses } from './submission-repository';
import { withTimeout } from '../platform/with-timeout';

const WINDOW_MS = 60_000;
/** A reservation whose submission row never appeared (the insert failed) is dropped after this long. */
const RESERVATION_GRACE_MS = 30_000;
const IN_FLIGHT_TTL_MS = 6 * 3_600_000;
const REDIS_TIMEOUT_MS = 1_000;
/** What a 429 `too_many_in_flight` suggests waiting: about one judgement. */
const IN_FLIGHT_RETRY_AFTER_S = 5;

/** What the reservation script answers for one reservation (the first number of its pair). */
const ReserveOutcome = { RESERVED: 0, OVER_PER_MINUTE: 1, TOO_MANY_IN_FLIGHT: 2 } as const;

/**
 * Atomic check-and-reserve for a batch of reservations, on Redis' clock so every API process agrees, in order (two
 * of one invite in a batch see each other). KEYS: per reservation, the invite's per-minute and in-flight sorted sets.
 * ARGV: per reservation, the per-minute limit, the in-flight limit and the member (the new submission id). Returns
 * per reservation a pair: a `ReserveOutcome` code and, for `OVER_PER_MINUTE`, the milliseconds until a slot frees.
 */
const RESERVE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local out = {}
for i = 1, #KEYS / 2 do
  local minute, inFlight = KEYS[2 * i - 1], KEYS[2 * i]
  local perMinute, maxInFlight, member = tonumber(ARGV[3 * i - 2]), tonumber(ARGV[3 * i - 1]), ARGV[3 * i]
  redis.call('ZREMRANGEBYSCORE', minute, '-inf', now - ${WINDOW_MS})
  if redis.call('ZCARD', minute) >= perMinute then
    local oldest = redis.call('ZRANGE', minute, 0, 0, 'WITHSCORES')
    out[#out + 1] = ${ReserveOutcome.OVER_PER_MINUTE}
    out[#out + 1] = tonumber(oldest[2]) + ${WINDOW_MS} - now
  elseif redis.call('ZCARD', inFlight) >= maxInFlight then
    out[#out + 1] = ${ReserveOutcome.TOO_MANY_IN_FLIGHT}
    out[#out + 1] = 0
  else
    redis.call('ZADD', minute, now, member)
    redis.call('PEXPIRE', minute, ${WINDOW_MS})
    redis.call('ZADD', inFlight, now, member)
    redis.call('PEXPIRE', inFlight, ${IN_FLIGHT_TTL_MS})
    out[#out + 1] = ${ReserveOutcome.RESERVED}
    out[#out + 1] = 0
  end
end
return out`;

type Reservation = { minuteKey: string; inFlightKey: string; perMinute: number; maxInFlight: number; member: string };
type ScriptRedis = IORedis & { reserveCandidateSlots(numKeys: number, ...args: Array<string | number>): Promise<number[]> };

// Per connection: every request of a candidate pays for a reservation, so concurrent ones share one script call.
const batchedReservations = new WeakMap<IORedis, (reservation: Reservation) => Promise<[number, number]>>();

function reserve(redis: IORedis, reservation: Reservation): Promise<[number, number]> {
  let run = batchedReservations.get(redis);
  if (!run) {
    redis.defineCommand('reserveCandidateSlots', { lua: RESERVE_SCRIPT }); // EVALSHA, EVAL when Redis lacks the script
    run = createMicroBatcher(async (batch: Reservation[]) => {
      const keys = batch.flatMap((r) => [r.minuteKey, r.inFlightKey]);
      const args = batch.flatMap((r) => [r.perMinute, r.maxInFlight, r.member]);
      const flat = await within((redis as ScriptRedis).reserveCandidateSlots(keys.length, ...keys, ...args));
      return batch.map((_, i) => [Number(flat[2 * i]), Number(flat[2 * i + 1])] as [number, number]);
    });
    batchedReservations.set(redis, run);
  }
  return run(reservation);
}

function keys(config: Config, inviteId: string): [string, string] {
  const prefix = `${config.QUEUE_NAME}:limits:${inviteId}`;
  return [`${prefix}:minute`, `${prefix}:in-flight`];
}

function within<T>(promise: Promise<T>): Promise<T> {
  return withTimeout(promise, REDIS_TIMEOUT_MS, 'Redis timed out');
}

/**
 * Removes from an in-flight set the submissions PostgreSQL says are finished, and reservations whose row never
 * appeared; true when it removed any.
 */
async function pruneInFlight(deps: { db: Db; redis: IORedis }, inFlightKey: string): Promise<boolean> {
  const members = await deps.redis.zrange(inFlightKey, '0', '-1', 'WITHSCORES');
  const reserved = new Map<string, number>();
  for (let i = 0; i < members.length; i += 2) reserved.set(members[i]!, Number(members[i + 1]));
  const statuses = reserved.size ? await getStatuses(deps.db, [...reserved.keys()]) : new Map();
  const stale = [...reserved]
    .filter(([id, at]) => statuses.get(id) === 'finished' || (!statuses.has(id) && Date.now() - at >= RESERVATION_GRACE_MS))
    .map(([id]) => id);
  if (stale.length) await deps.redis.zrem(inFlightKey, ...stale);
  return stale.length > 0;
}

/**
 * Reserves a slot for a candidate's new submission `submissionId`, or throws 429 `rate_limited` (with
 * `retryAfterSeconds`, sent as `Retry-After`) or 429 `too_many_in_flight`. When the in-flight set is full it is
 * pruned of submissions PostgreSQL says are finished and the reservation tried once more, so a crashed worker or a
 * lost hook can never lock a candidate out (pruning only then: it costs a query, and only that answer depends on it).
 * When Redis does not answer the submission is let through (logged): Redis being down already delays judging.
 */
export async function reserveCandidateSlot(deps: { db: Db; redis: IORedis; config: Config; log: Logger }, inviteId: string, submissionId: string): Promise<void> {
  const { config } = deps;
  const [minuteKey, inFlightKey] = keys(config, inviteId);
  const reservation = { minuteKey, inFlightKey, perMinute: config.CANDIDATE_SUBMISSIONS_PER_MINUTE, maxInFlight: config.CANDIDATE_MAX_IN_FLIGHT, member: submissionId };
  let outcome: [number, number];
  try {
    outcome = await within((async () => {
      const first = await reserve(deps.redis, reservation);
      return first[0] === ReserveOutcome.TOO_MANY_IN_FLIGHT && await pruneInFlight(deps, inFlightKey) ? reserve(deps.redis, reservation) : first;
    })());
  } catch (error) {
    deps.log.warn({ err: error, inviteId }, 'candidate limits unavailable (Redis); letting the submission through');
    return;
  }
  if (outcome[0] === ReserveOutcome.OVER_PER_MINUTE) {
    const retryAfterSeconds = Math.max(1, Math.ceil(outcome[1] / 1000));
    throw new AppError(429, 'rate_limited', `At most ${config.CANDIDATE_SUBMISSIONS_PER_MINUTE} submissions per minute; retry in ${retryAfterSeconds} s.`, { retryAfterSeconds });
  }
  if (outcome[0] === ReserveOutcome.TOO_MANY_IN_FLIGHT) {
    throw new AppError(429, 'too_many_in_flight', `At most ${config.CANDIDATE_MAX_IN_FLIGHT} submissions may be queued or running at once; wait for one to finish.`, { retryAfterSeconds: IN_FLIGHT_RETRY_AFTER_S });
  }
}

/** Gives a reservation back when the submission could not be stored. */
export async function releaseCandidateSlot(deps: { redis: IORedis; config: Config }, inviteId: string, submissionId: string): Promise<void> {
  const [minuteKey, inFlightKey] = keys(deps.config, inviteId);
  await within(Promise.all([deps.redis.zrem(minuteKey, submissionId), deps.redis.zrem(inFlightKey, submissionId)])).catch(() => undefined);
}

/**
 * The practice runs' own sliding window ("Run public tests"), apart from the submissions' limits. KEYS: the invite's
 * practice set. ARGV: the limit, the member. Returns 0 when reserved, else the milliseconds until a slot frees.
 */
const PRACTICE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - ${WINDOW_MS})
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(1, tonumber(oldest[2]) + ${WINDOW_MS} - now)
end
redis.call('ZADD', KEYS[1], now, ARGV[2])
redis.call('PEXPIRE', KEYS[1], ${WINDOW_MS})
return 0`;

type PracticeRedis = IORedis & { reservePracticeRun(numKeys: number, ...args: Array<string | number>): Promise<number> };
const practiceScripts = new WeakSet<IORedis>();

/**
 * Reserves one of a candidate's `PRACTICE_RUNS_PER_MINUTE` practice runs, or throws 429 `rate_limited` (with
 * `retryAfterSeconds`). Practice runs never touch the submissions' per-minute or in-flight sets. When Redis does not
 * answer the run is let through (logged), as for submissions.
 */
export async function reservePracticeRun(deps: { redis: IORedis; config: Config; log: Logger }, inviteId: string, runId: string): Promise<void> {
  const { config, redis } = deps;
  if (!practiceScripts.has(redis)) {
    redis.defineCommand('reservePracticeRun', { lua: PRACTICE_SCRIPT });
    practiceScripts.add(redis);
  }
  let waitMs: number;
  try {
    waitMs = Number(await within((redis as PracticeRedis).reservePracticeRun(1, `${config.QUEUE_NAME}:limits:${inviteId}:practice`, config.PRACTICE_RUNS_PER_MINUTE, runId)));
  } catch (error) {
    deps.log.warn({ err: error, inviteId }, 'practice-run limit unavailable (Redis); letting the run through');
    return;
  }
  if (waitMs > 0) {
    const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
    throw new AppError(429, 'rate_limited', `At most ${config.PRACTICE_RUNS_PER_MINUTE} practice runs per minute; retry in ${retryAfterSeconds} s.`, { retryAfterSeconds });
  }
}
