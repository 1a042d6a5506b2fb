import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');
const LOCKS = path.join(ROOT, 'sandbox', 'python');
/** Debian's interpreter: the one the offline image copies, so host-side runs use the same Python. */
export const HOST_PYTHON = '/usr/bin/python3';
export const PYTHON_VERSION = '3.11';
/** `<repo>/.build/python`: site-packages (candidate packages), tools (ruff, mypy), tiktoken-cache. */
export const HOST_PYTHON_DIR = path.join(ROOT, '.build', 'python');
const MARKER = '.installed';

/** Raised when the host lacks a Debian package the Python set-up needs; `packages` says which to install. */
export class MissingPythonError extends Error {
  constructor(message: string, readonly packages: string[]) {
    super(message);
  }
}

async function ok(file: string, args: string[]): Promise<string | undefined> {
  return run(file, args).then(({ stdout }) => stdout.trim(), () => undefined);
}

const HINT = 'install Debian\'s python3 and python3-pip (`apt-get install -y python3 python3-pip`)';

/** The host's Python version (`3.11.2`); throws MissingPythonError when Debian's python3 is missing. */
export async function checkHostPython(): Promise<string> {
  if (!existsSync(HOST_PYTHON)) throw new MissingPythonError(`${HOST_PYTHON} is missing: ${HINT}`, ['python3', 'python3-pip']);
  const version = await ok(HOST_PYTHON, ['-S', '-E', '-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])']);
  if (!version?.startsWith(`${PYTHON_VERSION}.`)) {
    throw new Error(`${HOST_PYTHON} is Python ${version ?? '(does not run)'}; the sandbox's locks are for ${PYTHON_VERSION} (Debian bookworm's python3)`);
  }
  return version;
}

async function checkPip(): Promise<void> {
  if ((await ok(HOST_PYTHON, ['-m', 'pip', '--version'])) === undefined) {
    throw new MissingPythonError(`${HOST_PYTHON} has no pip: ${HINT}`, ['python3-pip']);
  }
}

/** What the host's Python folders are made from: the locks, the interpreter's version and the tiktoken material. */
async function pythonInputsHash(version: string): Promise<string> {
  const hash = createHash('sha256').update(`${version}\n`);
  for (const file of ['requirements.lock', 'tools.lock', 'tiktoken-encodings.json']) hash.update(await readFile(path.join(LOCKS, file)));
  hash.update(await readFile(path.join(__dirname, 'tiktoken-cache.ts')));
  hash.update(await readFile(require.resolve('gpt-tokenizer/package.json')));
  return hash.digest('hex').slice(0, 16);
}

async function pipInstall(lock: string, target: string): Promise<void> {
  const args = ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-warn-script-location', '--no-compile',
    '--require-hashes', '--no-deps', '--only-binary=:all:', '--target', target, '-r', path.join(LOCKS, lock)];
  try {
    await run(HOST_PYTHON, args, { maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? '').trim().split('\n').slice(-8).join('\n');
    throw new Error(`pip could not install sandbox/python/${lock} (the first install needs PyPI, later ones use pip's cache): ${stderr || (error as Error).message}`);
  }
}

/** Byte code next to every module, keyed by the source's hash and never checked: no recompiling, no mtimes. */
export async function compilePython(python: string, dirs: string[]): Promise<void> {
  await run(python, ['-S', '-E', '-m', 'compileall', '-q', '-j', '0', '--invalidation-mode', 'unchecked-hash', ...dirs], { maxBuffer: 64 * 1024 * 1024 });
}

/** `.pth` files: with `-S` Python never reads them, so a package that needs one would be broken. */
export async function pthFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((f) => f.endsWith('.pth'));
}

/**
 * Makes `<repo>/.build/python/{site-packages,tools,tiktoken-cache}` from the locks unless its marker already holds
 * their hash. Built in a staging folder and swapped in whole, so a run that uses the old folders is not disturbed.
 * Returns the folder and the inputs' hash.
 */
export async function ensureHostPython(log: (line: string) => void): Promise<{ dir: string; hash: string; built: boolean }> {
  const version = await checkHostPython();
  const hash = await pythonInputsHash(version);
  const marker = path.join(HOST_PYTHON_DIR, MARKER);
  if ((await readFile(marker, 'utf8').catch(() => '')).trim() === hash) return { dir: HOST_PYTHON_DIR, hash, built: false };
  await checkPip();
  const real = existsSync(HOST_PYTHON_DIR) ? await realpath(HOST_PYTHON_DIR) : HOST_PYTHON_DIR;
  const staging = `${real}.staging-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    log(`host Python ${version}: installing the candidate packages (sandbox/python/requirements.lock)`);
    await pipInstall('requirements.lock', path.join(staging, 'site-packages'));
    log('host Python: installing the quality tools (sandbox/python/tools.lock)');
    await pipInstall('tools.lock', path.join(staging, 'tools'));
    const pth = await pthFiles(path.join(staging, 'site-packages'));
    if (pth.length) throw new Error(`candidate packages ship .pth files (${pth.join(', ')}), which Python's -S start-up never reads`);
    const { writeTiktokenCache } = await import('./tiktoken-cache');
    const names = await writeTiktokenCache(path.join(staging, 'tiktoken-cache'), path.join(staging, 'site-packages'));
    log(`host Python: tiktoken encodings ${names.join(', ')} rebuilt offline; compiling byte code`);
    await compilePython(HOST_PYTHON, [path.join(staging, 'site-packages'), path.join(staging, 'tools')]);
    await writeFile(path.join(staging, MARKER), `${hash}\n`);
    const old = `${real}.old-${process.pid}`;
    if (existsSync(real)) await rename(real, old);
    await rename(staging, real);
    await rm(old, { recursive: true, force: true });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return { dir: HOST_PYTHON_DIR, hash, built: true };
}
