/**
 * A PostgreSQL server of the test's own (the fault suite restarts it): a fresh cluster made by `initdb` in a temp
 * folder, listening on a free loopback port only, password (SCRAM) authentication over TCP, `fsync=off`. As root it
 * runs as the `postgres` OS user (PostgreSQL refuses root), through `runuser`. Never the machine's cluster.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, readdirSync, writeFileSync, appendFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from '../../scripts/services/apt-packages';
import { probePostgres } from '../../scripts/services/local-postgres';
import { abandonedDirs, freeLoopbackPort, makeOwnedDir, removeDir } from './throwaway-dirs';

const run = promisify(execFile);
const PREFIX = 'ai-judge-test-postgres-';
const asRoot = process.getuid?.() === 0;

export interface ThrowawayPostgres {
  /** `postgres://postgres:<password>@127.0.0.1:<port>/postgres` */
  url: string;
  /** Stops it (fast shutdown: connections are cut), waits `downMs`, starts it again on the same port. */
  restart(downMs?: number): Promise<void>;
  /** Stops it (immediate shutdown) and removes its folder. */
  stop(): Promise<void>;
}

/** The newest server version Debian's packages installed (`/usr/lib/postgresql/<version>/bin`). */
function serverBin(): string {
  const root = '/usr/lib/postgresql';
  const version = existsSync(root) ? readdirSync(root).sort((a, b) => Number(a) - Number(b)).at(-1) : undefined;
  if (!version) throw new Error(`no PostgreSQL server under ${root} (Debian's postgresql package) for the throwaway server`);
  return path.join(root, version, 'bin');
}

/** Runs one of the server's programs, as the `postgres` OS user when this process is root. */
async function pgProgram(program: string, args: string[]): Promise<void> {
  const binary = path.join(serverBin(), program);
  if (asRoot) await run('runuser', ['-u', 'postgres', '--', binary, ...args]);
  else await run(binary, args);
}

/** Gives the folder to the `postgres` OS user when this process is root. */
async function handOver(dir: string): Promise<void> {
  if (!asRoot) return;
  const ids = async (flag: string) => Number((await run('id', [flag, 'postgres'])).stdout.trim());
  chownSync(dir, await ids('-u'), await ids('-g'));
}

/** initdb into `<dir>/data` with a superuser `postgres` whose password is `password`, then this test's settings. */
async function initCluster(dir: string, port: number, password: string): Promise<string> {
  const data = path.join(dir, 'data');
  const passwordFile = path.join(dir, 'password');
  writeFileSync(passwordFile, password, { mode: 0o600 });
  await handOver(dir);
  if (asRoot) await handOver(passwordFile);
  await pgProgram('initdb', ['-D', data, '-U', 'postgres', '-E', 'UTF8', '--auth-local=peer', '--auth-host=scram-sha-256',
    `--pwfile=${passwordFile}`, '--no-sync', '--no-instructions']);
  rmSync(passwordFile);
  appendFileSync(path.join(data, 'postgresql.conf'), [
    `listen_addresses = '127.0.0.1'`, `port = ${port}`, `unix_socket_directories = '${dir}'`,
    'fsync = off', 'synchronous_commit = off', 'full_page_writes = off', 'max_connections = 100', '',
  ].join('\n'));
  return data;
}

/** `pg_ctl stop` of a folder's cluster if it runs (`mode` fast or immediate); never throws. */
async function stopCluster(data: string, mode: 'fast' | 'immediate'): Promise<void> {
  if (!existsSync(path.join(data, 'postmaster.pid'))) return;
  await pgProgram('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '30', 'stop']).catch(() => undefined);
}

/** Starts a throwaway PostgreSQL (after stopping and removing ones that killed test runs left behind). */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  for (const old of abandonedDirs(PREFIX)) {
    await stopCluster(path.join(old, 'data'), 'immediate');
    removeDir(old);
  }
  const dir = makeOwnedDir(PREFIX);
  const port = await freeLoopbackPort();
  const password = randomBytes(12).toString('hex');
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  const data = path.join(dir, 'data');
  const start = async () => {
    await pgProgram('pg_ctl', ['-D', data, '-l', path.join(dir, 'postgres.log'), '-w', '-t', '60', 'start']);
    await waitFor(`throwaway PostgreSQL at 127.0.0.1:${port}`, () => probePostgres(url), 30_000);
  };
  try {
    await initCluster(dir, port, password);
    await start();
  } catch (error) {
    await stopCluster(data, 'immediate');
    removeDir(dir);
    throw error;
  }
  return {
    url,
    async restart(downMs = 0) {
      await stopCluster(data, 'fast');
      await new Promise((r) => setTimeout(r, downMs));
      await start();
    },
    async stop() {
      await stopCluster(data, 'immediate');
      removeDir(dir);
    },
  };
}
