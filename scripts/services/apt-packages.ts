import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);
let listsUpdated = false;

/** The path of an installed program in the usual system folders, or undefined. */
export function findProgram(binary: string): string | undefined {
  return ['/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin', '/sbin', '/bin'].map((d) => `${d}/${binary}`).find((p) => existsSync(p));
}

/** True when this process may install Debian packages (root, apt-get present). */
export function canInstallPackages(): boolean {
  return process.getuid?.() === 0 && findProgram('apt-get') !== undefined;
}

/**
 * Installs Debian packages with apt-get (package lists refreshed first, once per process). Service start-up scripts
 * are not run: the set-up starts the servers itself, in the background, in the way it can check.
 */
export async function installPackages(packages: string[], log: (line: string) => void): Promise<void> {
  if (!canInstallPackages()) {
    throw new Error(`Debian packages ${packages.join(', ')} are missing and this process cannot install them (needs root and apt-get). Install them and run this again.`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive', RUNLEVEL: '1' };
  const options = { env, maxBuffer: 64 * 1024 * 1024 };
  try {
    if (!listsUpdated) {
      log('apt-get update');
      await run('apt-get', ['update', '-qq'], options);
      listsUpdated = true;
    }
    log(`apt-get install ${packages.join(' ')} (the first time takes a minute)`);
    await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], options);
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? '').trim().split('\n').slice(-5).join('\n');
    throw new Error(`apt-get could not install ${packages.join(', ')}: ${stderr || (error as Error).message}`);
  }
}

/** Polls `probe` every 300 ms until it resolves; throws naming `what` and the last error after `timeoutMs`. */
export async function waitFor(what: string, probe: () => Promise<unknown>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      await probe();
      return;
    } catch (error) {
      last = error;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  throw new Error(`${what} did not come up within ${timeoutMs / 1000} s: ${(last as Error)?.message}`);
}

/** True for the loopback names and addresses: only servers there are ones the set-up may install and start. */
export function isLoopbackHost(hostname: string): boolean {
  return ['localhost', '127.0.0.1', '::1', '[::1]'].includes(hostname);
}
