/**
 * Scratch folders for servers a test starts itself (throwaway-postgres.ts, throwaway-redis.ts). Each folder records
 * the pid of the test process that made it, so a later run can tell a folder whose owner died without cleaning up
 * (a killed jest) from one in use by a run beside it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const OWNER_FILE = 'owner.pid';

/** A new folder under the system's temp dir, named `<prefix>…`, marked as this process's. */
export function makeOwnedDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  writeFileSync(path.join(dir, OWNER_FILE), String(process.pid));
  return dir;
}

/** True while a process with that pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The folders named `<prefix>…` whose owning process is gone (or never wrote its pid). */
export function abandonedDirs(prefix: string): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith(prefix)).map((name) => path.join(tmpdir(), name)).filter((dir) => {
    const owner = Number(readTextOr(path.join(dir, OWNER_FILE), ''));
    return !(owner > 0 && isAlive(owner));
  });
}

/** A file's text, or `fallback` when it cannot be read. */
export function readTextOr(file: string, fallback: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}

/** Removes a folder and everything in it (nothing when it is gone already). */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A loopback TCP port nothing listens on right now (the OS's choice). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
