import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { promisify } from 'node:util';
import IORedis from 'ioredis';
import { findProgram, installPackages, isLoopbackHost, waitFor } from './apt-packages';

const run = promisify(execFile);

/** Connects, pings and disconnects; rejects when Redis does not answer. */
export async function probeRedis(url: string): Promise<void> {
  const redis = new IORedis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2_000 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } finally {
    redis.disconnect();
  }
}

/**
 * Starts `redis-server` in the background on loopback at `port`: no persistence (the queue's truth is PostgreSQL),
 * log and working directory under `dir`.
 */
export async function startRedisServer(port: string, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await run(findProgram('redis-server') ?? 'redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', port,
    '--save', '', '--appendonly', 'no', '--dir', dir, '--logfile', `${dir}/redis.log`, '--pidfile', `${dir}/redis.pid`]);
}

/**
 * Reaches Redis at `url`. When nothing answers there and the URL is on loopback, installs Debian's `redis-server`
 * when missing and starts it in the background. A remote URL is never touched.
 */
export async function ensureRedis(urlString: string, log: (line: string) => void): Promise<void> {
  const firstError = await probeRedis(urlString).then(() => undefined, (error: Error) => error);
  if (!firstError) return;
  const url = new URL(urlString);
  if (!isLoopbackHost(url.hostname)) throw new Error(`Redis is not reachable at ${url.host}: ${firstError.message}. Start it or set REDIS_URL.`);
  if (!findProgram('redis-server')) await installPackages(['redis-server'], log);
  // Debian's package may have started its own server on 6379 already.
  if (await probeRedis(urlString).then(() => true, () => false)) return;
  log(`Redis: starting redis-server on 127.0.0.1:${url.port || '6379'} (log: /var/lib/ai-judge/redis/redis.log)`);
  await startRedisServer(url.port || '6379', '/var/lib/ai-judge/redis');
  await waitFor(`Redis at ${url.host}`, () => probeRedis(urlString), 20_000);
}
