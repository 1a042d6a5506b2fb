import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, open, readdir, realpath, symlink } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { HOST_PYTHON_DIR, PYTHON_VERSION } from './python-packages';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');
const STDLIB = `/usr/lib/python${PYTHON_VERSION}`;
const INTERPRETER = `/usr/bin/python${PYTHON_VERSION}`;
/** Where the image keeps the packages (sandbox/harness/python-runtime.ts reads the same paths). */
export const IMAGE_PYTHON_DIR = '/sandbox/python';

/**
 * Parts of the standard library a candidate never needs: tests, GUIs, installers, the C build kit, pip's folders,
 * Debian's sitecustomize (it only looks for Ubuntu's crash reporter).
 */
const TRIMMED = new Set(['test', 'idlelib', 'tkinter', 'turtledemo', 'ensurepip', 'lib2to3', 'pydoc_data', 'site-packages',
  'dist-packages', '__pycache__', 'EXTERNALLY-MANAGED', 'sitecustomize.py']);
const trimmed = (name: string) => TRIMMED.has(name) || name.startsWith('config-3')
  // C-API test modules in lib-dynload: _testcapi, _testinternalcapi, _ctypes_test, xxlimited...
  || /^(_test|_ctypes_test|_xxtestfuzz|xxlimited)/.test(name);

/** Copies a tree without its byte code: the image compiles its own, so file names in tracebacks are the image's. */
async function copyTree(from: string, to: string, skip: (name: string) => boolean = () => false): Promise<void> {
  await cp(from, to, {
    recursive: true, dereference: true, preserveTimestamps: true,
    filter: (source) => !skip(path.basename(source)) && path.basename(source) !== '__pycache__',
  });
}

async function isElf(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4), 0, 4, 0);
    return bytesRead === 4 && buffer.toString('latin1') === '\x7fELF';
  } finally {
    await handle.close();
  }
}

/** Every ELF file under `dir` (extension modules, bundled libraries, ruff's binary). */
async function elfFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const candidates = entries.filter((e) => e.isFile() && (/\.so(\.|$)/.test(e.name) || path.basename(e.parentPath) === 'bin'));
  const files = candidates.map((e) => path.join(e.parentPath, e.name));
  const elf = await Promise.all(files.map(async (f) => ((await isElf(f)) ? f : undefined)));
  return elf.filter((f): f is string => f !== undefined);
}

/** The system libraries (outside `own`) that `files` link, as ldd resolves them on this machine. */
async function linkedLibraries(files: string[], own: string[]): Promise<Set<string>> {
  const libraries = new Set<string>();
  for (let i = 0; i < files.length; i += 40) {
    // ldd exits non-zero when one file is not dynamic (a static binary): its output for the rest is still right
    const { stdout } = await run('ldd', files.slice(i, i + 40), { maxBuffer: 16 * 1024 * 1024 }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
    for (const m of stdout.matchAll(/(\/[^\s]+)\s+\(0x/g)) {
      if (!own.some((dir) => m[1]!.startsWith(`${dir}/`))) libraries.add(m[1]!);
    }
  }
  return libraries;
}

/** The C.UTF-8 locale, which Python's start-up switches to in the C locale (PEP 538). */
async function copySystemBits(rootfs: string): Promise<void> {
  if (existsSync('/usr/lib/locale/C.utf8')) await copyTree('/usr/lib/locale/C.utf8', path.join(rootfs, 'usr/lib/locale/C.utf8'));
}

/** The harness's and the quality analysis's Python files, next to their compiled JS (when those folders exist). */
export async function copyPythonSources(rootfs: string): Promise<void> {
  for (const dir of ['harness', 'quality']) {
    const target = path.join(rootfs, 'sandbox', 'dist', dir, 'python');
    await mkdir(target, { recursive: true });
    const source = path.join(ROOT, 'sandbox', dir, 'python');
    if (!existsSync(source)) continue;
    for (const file of (await readdir(source)).filter((f) => f.endsWith('.py'))) await copyFile(path.join(source, file), path.join(target, file));
  }
}

/**
 * Debian's interpreter and its trimmed standard library at the same paths, the packages of `.build/python`
 * (ensureHostPython) under /sandbox/python, and every shared library any of them links. The Dockerfile compiles it all.
 */
export async function copyPythonRuntime(rootfs: string, log: (line: string) => void): Promise<void> {
  await mkdir(path.join(rootfs, 'usr/bin'), { recursive: true });
  await copyFile(INTERPRETER, path.join(rootfs, INTERPRETER));
  await symlink(path.basename(INTERPRETER), path.join(rootfs, 'usr/bin/python3'));
  await copyTree(STDLIB, path.join(rootfs, STDLIB), trimmed);
  for (const dir of ['site-packages', 'tools', 'tiktoken-cache']) {
    await copyTree(path.join(HOST_PYTHON_DIR, dir), path.join(rootfs, IMAGE_PYTHON_DIR, dir));
  }
  const packages = [path.join(HOST_PYTHON_DIR, 'site-packages'), path.join(HOST_PYTHON_DIR, 'tools')];
  const real = await realpath(HOST_PYTHON_DIR);
  const own = [...packages, path.join(real, 'site-packages'), path.join(real, 'tools')];
  const elf = [INTERPRETER, ...(await elfFiles(path.join(rootfs, STDLIB, 'lib-dynload'))), ...(await Promise.all(packages.map(elfFiles))).flat()];
  const libraries = await linkedLibraries(elf, own);
  for (const library of libraries) {
    const target = path.join(rootfs, library);
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(library, target);
  }
  await copySystemBits(rootfs);
  log(`sandbox image: Python ${PYTHON_VERSION} with ${elf.length} binaries linking ${libraries.size} system libraries`);
}
