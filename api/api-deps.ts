import type { Queue } from 'bullmq';
import type Docker from 'dockerode';
import type IORedis from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../core/platform/config';
import type { Metrics } from '../core/platform/metrics';
import type { Db } from '../core/platform/db';
import type { JudgeJob } from '../core/submissions/submission-queue';

/** What every route is given: the connections the API process opened, its config and its logger. */
export interface ApiDeps {
  db: Db;
  queue: Queue<JudgeJob>;
  /** The queue's Redis connection: pinged by /readyz, holds the candidate limits. */
  redis: IORedis;
  docker: Docker;
  config: Config;
  log: Logger;
  /** The webhook and quality queues, for the metrics and the queue dashboard (the process opens them). */
  observedQueues?: Queue[];
  /** The process's metrics (served at /metrics); a fresh set when not given (tests). */
  metrics?: Metrics;
}
