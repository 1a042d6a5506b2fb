/**
 * A Redis server of the test's own (the fault suite restarts it): `redis-server` on a free loopback port, no
 * persistence, its pid file and log in a temp folder. Never the machine's Redis.
 */
import path from 'node:path';
import IORedis from 'ioredis';
import { waitFor } from '../../scripts/services/apt-packages';
import { probeRedis, startRedisServer } from '../../scripts/services/local-redis';
import { abandonedDirs, freeLoopbackPort, isAlive, makeOwnedDir, readTextOr, removeDir } from './throwaway-dirs';

const PREFIX = 'ai-judge-test-redis-';

export interface ThrowawayRedis {
  url: string;
  /** Stops it as a crash would (`SHUTDOWN NOSAVE`: every key lost), waits `downMs`, starts it again on the same port. */
  restart(downMs?: number): Promise<void>;
  /** Stops it and removes its folder. */
  stop(): Promise<void>;
}

/** Starts a throwaway Redis (after cleaning up ones that killed test runs left behind). */
export async function startThrowawayRedis(): Promise<ThrowawayRedis> {
  for (const dir of abandonedDirs(PREFIX)) killServer(dir);
  const dir = makeOwnedDir(PREFIX);
  const port = String(await freeLoopbackPort());
  const url = `redis://127.0.0.1:${port}`;
  const start = async () => {
    await startRedisServer(port, dir);
    await waitFor(`throwaway Redis at ${url}`, () => probeRedis(url), 20_000);
  };
  try {
    await start();
  } catch (error) {
    killServer(dir);
    throw error;
  }
  return {
    url,
    async restart(downMs = 0) {
      await shutdownNoSave(url, dir);
      await new Promise((r) => setTimeout(r, downMs));
      await start();
    },
    async stop() {
      await shutdownNoSave(url, dir).catch(() => undefined);
      killServer(dir);
    },
  };
}

function serverPid(dir: string): number | undefined {
  const pid = Number(readTextOr(path.join(dir, 'redis.pid'), '').trim());
  if (!(pid > 0) || !isAlive(pid)) return undefined;
  // a pid file outlives its process; only a redis-server started with this folder is ours
  const cmdline = readTextOr(`/proc/${pid}/cmdline`, '');
  return cmdline.includes('redis-server') ? pid : undefined;
}

/** `SHUTDOWN NOSAVE`, then waits until the process is gone. */
async function shutdownNoSave(url: string, dir: string): Promise<void> {
  const pid = serverPid(dir);
  const redis = new IORedis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  await redis.connect();
  await redis.call('SHUTDOWN', 'NOSAVE').catch(() => undefined); // the connection closes before a reply
  redis.disconnect();
  if (pid !== undefined) await waitFor('throwaway Redis to stop', async () => { if (isAlive(pid)) throw new Error(`pid ${pid} still running`); }, 10_000);
}

/** Kills the folder's server if one still runs, and removes the folder. */
function killServer(dir: string): void {
  const pid = serverPid(dir);
  if (pid !== undefined) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // it exited in between
    }
  }
  removeDir(dir);
}
