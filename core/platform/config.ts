import { readFileSync } from 'node:fs';
import { availableParallelism, homedir, totalmem } from 'node:os';
import { z } from 'zod';
import { parseEgressAllowList } from '../webhooks/egress-policy';
import { DockerTargetError, parseDockerTarget, type DockerTarget } from '../../sandbox/docker-target';
import { MAX_SANDBOX_POOL_SIZE, MAX_WORKER_CONCURRENCY, sizeWorker, type HostFigures, type WorkerSizing } from './worker-sizing';

/** Integer env var with a default and a hard cap: values above the cap are refused at start-up. */
const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);
/** Integer env var without a default (computed from others when unset); an empty value counts as unset. */
const optionalInt = (min: number, max: number) => z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(min).max(max).optional());
const optionalString = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());

const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: int(3000, 0, 65535),
  /** API processes `api/main.ts` runs on the one port (node:cluster); one Node process tops out near 1,800 POST/s. */
  API_PROCESSES: int(1, 1, 16),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.string().url().default('postgres://ai_judge:ai_judge@127.0.0.1:5432/ai_judge'),
  DB_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/).default('public'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  QUEUE_NAME: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).default('judge-submissions'),
  /** Accepted as an admin bearer token (bootstrap for a fresh install and the tests); unset means none. */
  JUDGE_ADMIN_TOKEN: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(16, 'must be at least 16 characters').optional()),
  CANDIDATE_SUBMISSIONS_PER_MINUTE: int(10, 1, 1_000),
  CANDIDATE_MAX_IN_FLIGHT: int(3, 1, 100),
  /** "Run public tests" in the candidate's editor: ungraded runs per candidate in any 60 s (not submissions). */
  PRACTICE_RUNS_PER_MINUTE: int(6, 1, 120),
  /** A candidate's saved editor draft (one per challenge and language): its files may total this many bytes. */
  DRAFT_MAX_BYTES: int(262_144, 1_024, 4_194_304),
  WEBHOOK_ATTEMPTS: int(6, 1, 20),
  /** First retry delay of a failed webhook; doubles on every attempt. */
  WEBHOOK_BACKOFF_MS: int(2_000, 10, 600_000),
  WEBHOOK_TIMEOUT_MS: int(5_000, 100, 30_000),
  /** How often a worker settles finished candidates and closed assessments and sends their events (the outbox). */
  WEBHOOK_OUTBOX_POLL_MS: int(1_000, 50, 60_000),
  /**
   * Host names, addresses or CIDR ranges webhooks may reach although the egress policy refuses them by default
   * (loopback, private, link-local, …), comma-separated: e.g. `127.0.0.1` for a receiver on this machine.
   */
  WEBHOOK_ALLOWED_TARGETS: z.string().max(4_000).default('').superRefine((spec, ctx) => {
    try {
      parseEgressAllowList(spec);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `comma-separated host names, addresses or CIDR ranges: ${(error as Error).message}` });
    }
  }),
  /** Comment lines sent on a quiet server-sent-event stream so proxies keep it open. */
  SSE_HEARTBEAT_MS: int(15_000, 100, 120_000),
  /** The longest `POST /v1/submissions?wait=true` holds the request for the verdict. */
  SUBMIT_WAIT_MAX_SECONDS: int(30, 1, 120),
  /** Browser origins allowed to call the API (CORS), comma-separated (`https://ats.example.com`); none by default. */
  CORS_ORIGINS: z.string().max(4_000).default(''),
  /** A port of its own for `GET /metrics` without a token (0: off; admins can always read `/metrics` on the API). */
  METRICS_PORT: int(0, 0, 65535),
  METRICS_HOST: z.string().default('127.0.0.1'),
  /**
   * `as-marked`: challenges whose manifest says `"public": true` (the bundled catalogue) are readable without a
   * token; `none`: every challenge is readable only by staff and by candidates invited to it.
   */
  PUBLIC_CHALLENGES: z.enum(['as-marked', 'none']).default('as-marked'),
  DOCKER_SOCKET: z.string().default(DEFAULT_DOCKER_SOCKET),
  /** A remote or other Engine, as the docker CLI reads it: `unix:///path` or `tcp://host:2376` (TLS required); wins over DOCKER_SOCKET. */
  DOCKER_HOST: optionalString,
  /** `1`: verify the Engine's certificate against DOCKER_CERT_PATH's ca.pem and present its cert.pem/key.pem. */
  DOCKER_TLS_VERIFY: optionalString,
  /** The directory of ca.pem, cert.pem and key.pem (default `~/.docker`, as the CLI). */
  DOCKER_CERT_PATH: optionalString,
  SANDBOX_IMAGE: z.string().default('ai-judge-sandbox:latest'),
  /** Submissions a worker judges at once; unset: sized from the host's cores and memory (`core/platform/worker-sizing.ts`). */
  WORKER_CONCURRENCY: optionalInt(1, MAX_WORKER_CONCURRENCY),
  /** What the host sizing keeps for everything but judgements (OS, Docker, the worker itself). */
  WORKER_MEMORY_RESERVE_MB: int(1_024, 0, 1_048_576),
  /** What the host sizing counts per judgement; unset: MAX_MEMORY_MB (no challenge limit can overcommit the host). */
  WORKER_JUDGEMENT_MEMORY_MB: optionalInt(64, 4_096),
  /** BullMQ lock on an active job: a worker killed mid-judge has its job picked up again within about twice this. */
  WORKER_LOCK_MS: int(30_000, 2_000, 600_000),
  JOB_ATTEMPTS: int(3, 1, 10),
  RECONCILE_INTERVAL_MS: int(30_000, 1_000, 3_600_000),
  /** A queued/running row untouched for this long is re-enqueued by the reconciler. */
  RECONCILE_AFTER_MS: int(120_000, 1_000, 86_400_000),
  MAX_BODY_BYTES: int(1_048_576, 1_024, 8_388_608),
  MAX_FILES: int(50, 1, 500),
  MAX_FILE_BYTES: int(131_072, 1, 1_048_576),
  MAX_TOTAL_FILE_BYTES: int(262_144, 1, 4_194_304),
  MAX_WALL_TIME_MS: int(60_000, 1_000, 120_000),
  MAX_TEST_TIMEOUT_MS: int(10_000, 100, 60_000),
  MAX_MEMORY_MB: int(1_024, 64, 4_096),
  SANDBOX_CPUS: z.coerce.number().min(0.1).max(8).default(1),
  SANDBOX_PIDS: int(128, 16, 1_024),
  SANDBOX_TMPFS_MB: int(64, 8, 512),
  SANDBOX_OUTPUT_LIMIT_BYTES: int(1_048_576, 1_024, 8_388_608),
  /** Started, single-use containers kept waiting per worker (0 turns the pool off); unset: sized from the host. */
  SANDBOX_POOL_SIZE: optionalInt(0, MAX_SANDBOX_POOL_SIZE),
  /** The challenge memory limit the pooled containers are made for; other limits start cold. */
  SANDBOX_POOL_MEMORY_MB: int(256, 64, 4_096),
  SANDBOX_POOL_MAX_IDLE_MS: int(60_000, 5_000, 600_000),
  /** The code-quality analysis (after the verdict, its own queue and container): wall time, memory, parallel runs. */
  QUALITY_ENABLED: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  QUALITY_WALL_TIME_MS: int(60_000, 5_000, 300_000),
  QUALITY_MEMORY_MB: int(1_024, 256, 4_096),
  QUALITY_CONCURRENCY: int(1, 1, 8),
  QUALITY_ATTEMPTS: int(3, 1, 10),
  /** Challenge uploads (POST /v1/challenges): the archive as sent, everything it unpacks to, its files, one file. */
  UPLOAD_MAX_BYTES: int(2_097_152, 1_024, 16_777_216),
  UPLOAD_MAX_UNPACKED_BYTES: int(8_388_608, 1_024, 67_108_864),
  UPLOAD_MAX_FILES: int(300, 1, 2_000),
  UPLOAD_MAX_FILE_BYTES: int(1_048_576, 1_024, 8_388_608),
  /** Reference runs of the publish gate (each known-bad runs once). */
  GATE_RUNS: int(10, 1, 50),
  /**
   * Similarity across a cohort: a pair of final solutions sharing at least this share of the smaller one's
   * fingerprints is flagged for human review (never failed). Independent solutions of one task score 0.2–0.3,
   * a renamed and reordered copy above 0.9; below 0.2 would flag honest work.
   */
  SIMILARITY_THRESHOLD: z.coerce.number().min(0.2).max(1).default(0.5),
});

type ParsedEnv = z.infer<typeof envSchema>;

/** The names of every variable the config reads (deployment files are checked against it). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

/** Where the worker's concurrency and pool size came from: set, or computed from the host (`figures`). */
export interface SizingSource {
  concurrency: 'WORKER_CONCURRENCY' | 'host';
  poolSize: 'SANDBOX_POOL_SIZE' | 'host';
  figures: WorkerSizing;
}

/** The settings, with the worker's sizing filled in and the Docker Engine to use (`docker`, `sizing`: derived, not variables). */
export type Config = Omit<ParsedEnv, 'WORKER_CONCURRENCY' | 'SANDBOX_POOL_SIZE' | 'WORKER_JUDGEMENT_MEMORY_MB'> & {
  WORKER_CONCURRENCY: number;
  SANDBOX_POOL_SIZE: number;
  WORKER_JUDGEMENT_MEMORY_MB: number;
  docker: DockerTarget;
  sizing: SizingSource;
};

/** This machine's cores and memory (the host sandbox containers run on when the Engine is local). */
export function localHostFigures(): HostFigures {
  return { cores: availableParallelism(), memoryMb: Math.floor(totalmem() / 1_048_576) };
}

/** Fills the sizing in: what is set stays as set; what is not comes from `sizeWorker` on the host's figures. */
export function withSizing<T extends Omit<Config, 'sizing'>>(config: T, host: HostFigures, set: { concurrency: boolean; poolSize: boolean }): T & { sizing: SizingSource } {
  const figures = sizeWorker(host, config, set.concurrency ? config.WORKER_CONCURRENCY : undefined);
  return {
    ...config,
    WORKER_CONCURRENCY: figures.concurrency,
    SANDBOX_POOL_SIZE: set.poolSize ? config.SANDBOX_POOL_SIZE : figures.poolSize,
    sizing: { concurrency: set.concurrency ? 'WORKER_CONCURRENCY' : 'host', poolSize: set.poolSize ? 'SANDBOX_POOL_SIZE' : 'host', figures },
  };
}

function configOf(env: ParsedEnv, docker: DockerTarget, host: HostFigures): Config {
  const base = {
    ...env, docker, WORKER_JUDGEMENT_MEMORY_MB: env.WORKER_JUDGEMENT_MEMORY_MB ?? env.MAX_MEMORY_MB,
    WORKER_CONCURRENCY: env.WORKER_CONCURRENCY ?? 0, SANDBOX_POOL_SIZE: env.SANDBOX_POOL_SIZE ?? 0,
  };
  return withSizing(base, host, { concurrency: env.WORKER_CONCURRENCY !== undefined, poolSize: env.SANDBOX_POOL_SIZE !== undefined });
}

let cached: Config | undefined;

/**
 * Parses process.env once; throws a readable message naming every bad variable. `host` (this machine by default)
 * sizes the worker when WORKER_CONCURRENCY or SANDBOX_POOL_SIZE is unset; `readFile` reads the Docker TLS certificates.
 */
export function getConfig(
  env: NodeJS.ProcessEnv = process.env,
  host: HostFigures = localHostFigures(),
  readFile: (file: string) => Buffer = (file) => readFileSync(file),
): Config {
  if (env === process.env && cached) return cached;
  const parsed = envSchema.safeParse(env);
  const lines = parsed.success ? [] : parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  let docker: DockerTarget | undefined;
  try {
    const { DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, DOCKER_SOCKET = DEFAULT_DOCKER_SOCKET } = env;
    docker = parseDockerTarget({ DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, DOCKER_SOCKET }, readFile, homedir());
  } catch (error) {
    if (!(error instanceof DockerTargetError)) throw error;
    lines.push(`  ${error.variable}: ${error.message}`);
  }
  if (!parsed.success || !docker) throw new Error(`Invalid environment variables:\n${lines.join('\n')}`);
  const config = configOf(parsed.data, docker, host);
  if (env === process.env) cached = config;
  return config;
}
