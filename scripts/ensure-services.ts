import { execFile, spawn } from 'node:child_process';
import { existsSync, openSync, readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import IORedis from 'ioredis';
import { Client } from 'pg';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, probe: () => Promise<unknown>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      await probe();
      return;
    } catch (error) {
      last = error;
      await sleep(500);
    }
  }
  throw new Error(`${what} did not come up within ${timeoutMs / 1000}s: ${(last as Error)?.message}`);
}

function which(binary: string): string | undefined {
  return ['/usr/sbin', '/usr/bin', '/usr/local/bin', '/sbin', '/bin'].map((d) => `${d}/${binary}`).find((p) => existsSync(p));
}

/** Reaches PostgreSQL, starting the local Debian cluster when it is installed but stopped. */
export async function ensurePostgres(url: string, log: (s: string) => void): Promise<void> {
  const probe = async () => {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    await client.connect();
    await client.end();
  };
  if (await probe().then(() => true, () => false)) return;
  const ctl = which('pg_ctlcluster');
  if (!ctl || !existsSync('/etc/postgresql')) throw new Error(`PostgreSQL is not reachable at ${url} and no local cluster is installed. Start PostgreSQL or set DATABASE_URL.`);
  for (const version of readdirSync('/etc/postgresql')) {
    log(`starting PostgreSQL ${version}`);
    await run(ctl, ['--skip-systemctl-redirect', version, 'main', 'start']).catch(() => undefined);
  }
  await waitFor('PostgreSQL', probe, 30_000);
}

/** Reaches Redis, starting a local redis-server when it is installed but stopped. */
export async function ensureRedis(url: string, log: (s: string) => void): Promise<void> {
  const probe = async () => {
    const redis = new IORedis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      await redis.ping();
    } finally {
      redis.disconnect();
    }
  };
  if (await probe().then(() => true, () => false)) return;
  const server = which('redis-server');
  if (!server) throw new Error(`Redis is not reachable at ${url} and redis-server is not installed. Start Redis or set REDIS_URL.`);
  log('starting redis-server');
  await run(server, ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', new URL(url).port || '6379', '--save', '', '--appendonly', 'no']);
  await waitFor('Redis', probe, 20_000);
}

/** Reaches the Docker Engine; installs Debian's docker.io and starts dockerd when this machine allows it. */
export async function ensureDocker(docker: Docker, log: (s: string) => void): Promise<void> {
  if (await docker.ping().then(() => true, () => false)) return;
  if (!which('dockerd')) {
    if (process.getuid?.() !== 0 || !which('apt-get')) {
      throw new Error('The Docker Engine is not running and dockerd is not installed. Install Docker (Debian: apt-get install docker.io) and start it.');
    }
    log('installing Docker Engine (apt-get install docker.io); this takes a minute the first time');
    await run('apt-get', ['update', '-qq'], { maxBuffer: 64 * 1024 * 1024 });
    await run('apt-get', ['install', '-y', '-qq', 'docker.io'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, maxBuffer: 64 * 1024 * 1024 });
  }
  if (process.getuid?.() !== 0) throw new Error('The Docker Engine is not running. Start it (sudo dockerd) and run this again.');
  log('starting dockerd (log: /var/log/ai-judge-dockerd.log)');
  const logFd = openSync('/var/log/ai-judge-dockerd.log', 'a');
  spawn(which('dockerd')!, [], { detached: true, stdio: ['ignore', logFd, logFd] }).unref();
  await waitFor('The Docker Engine', () => docker.ping(), 60_000);
}
