import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, copyFile, cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import { copyPythonRuntime, copyPythonSources, IMAGE_PYTHON_DIR } from './python-image';
import { ensureHostPython } from './python-packages';
import { writeTiktokenCache } from './tiktoken-cache';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');
const CONTEXT = path.join(ROOT, '.build', 'sandbox-image');
const RUNTIME = path.join(ROOT, 'sandbox', 'runtime');
export const IMAGE_REPOSITORY = 'ai-judge-sandbox';

/**
 * Hash of everything that goes into the image, so an unchanged image is never rebuilt. `python` is the hash of the
 * host's Python folders (interpreter version, locks, tiktoken material) on the offline path.
 */
async function inputsHash(mode: string, python: string): Promise<string> {
  const hash = createHash('sha256').update(`${mode}\n${process.version}\n${process.execPath}\n${python}\n`);
  for (const dir of ['harness', 'mock-llm', 'quality', 'runtime', 'python']) {
    const base = path.join(ROOT, 'sandbox', dir);
    const entries = await readdir(base, { recursive: true, withFileTypes: true });
    const files = entries.filter((e) => e.isFile()).map((e) => path.relative(base, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
    for (const file of files.filter((f) => !f.startsWith('node_modules/')).sort()) {
      hash.update(`${dir}/${file}\n`).update(await readFile(path.join(base, file))).update('\n');
    }
  }
  for (const file of ['Dockerfile', 'Dockerfile.offline', 'build-image.ts', 'python-image.ts', 'python-packages.ts', 'tiktoken-cache.ts', 'tsconfig.build.json']) {
    hash.update(await readFile(path.join(ROOT, 'sandbox', file)));
  }
  return hash.digest('hex').slice(0, 16);
}

/** The host's Node binary and every shared library it links, copied to the same paths. */
async function copyNodeRuntime(rootfs: string): Promise<void> {
  const { stdout } = await run('ldd', [process.execPath]);
  const libraries = [...stdout.matchAll(/(\/[^\s]+)\s+\(0x/g)].map((m) => m[1]!);
  for (const file of [...libraries, process.execPath]) {
    const target = path.join(rootfs, file === process.execPath ? '/usr/bin/node' : file);
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(file, target); // follows symlinks: the image gets real files under the linked names
  }
}

async function writeSystemFiles(rootfs: string): Promise<void> {
  await mkdir(path.join(rootfs, 'etc'), { recursive: true });
  await writeFile(path.join(rootfs, 'etc/passwd'), 'root:x:0:0:root:/root:/sbin/nologin\njudge:x:10001:10001:judge:/tmp:/sbin/nologin\ncandidate:x:10002:10002:candidate:/tmp/home:/sbin/nologin\n');
  await writeFile(path.join(rootfs, 'etc/group'), 'root:x:0:\njudge:x:10001:\ncandidate:x:10002:\n');
  // localhost from /etc/hosts (Docker mounts it) before any DNS attempt, for Node and Python alike
  await writeFile(path.join(rootfs, 'etc/nsswitch.conf'), 'passwd: files\ngroup: files\nhosts: files dns\n');
  await mkdir(path.join(rootfs, 'tmp'), { recursive: true });
  await chmod(path.join(rootfs, 'tmp'), 0o1777);
}

/** Installs the runtime packages on the host (npm's cache makes repeats offline) and compiles the harness. */
async function prepareSandboxTree(rootfs: string, log: (line: string) => void): Promise<void> {
  const installDir = path.join(ROOT, '.build', 'sandbox-runtime');
  await rm(installDir, { recursive: true, force: true });
  await mkdir(installDir, { recursive: true });
  await copyFile(path.join(RUNTIME, 'package.json'), path.join(installDir, 'package.json'));
  await copyFile(path.join(RUNTIME, 'package-lock.json'), path.join(installDir, 'package-lock.json'));
  log('sandbox image: installing runtime packages (npm ci)');
  await run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: installDir });
  await cp(path.join(installDir, 'node_modules'), path.join(rootfs, 'sandbox', 'node_modules'), { recursive: true });
  log('sandbox image: compiling the harness');
  await run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(ROOT, 'sandbox', 'tsconfig.build.json'),
    '--outDir', path.join(rootfs, 'sandbox', 'dist')], { cwd: ROOT });
}

/**
 * The build context in .build/sandbox-image: rootfs/ with the compiled harness and its packages; offline also the
 * host's Node and Python runtimes; registry the Python locks (python/), which that Dockerfile installs from PyPI.
 */
async function assembleContext(mode: 'offline' | 'registry', log: (line: string) => void): Promise<string[]> {
  await rm(CONTEXT, { recursive: true, force: true });
  const rootfs = path.join(CONTEXT, 'rootfs');
  await prepareSandboxTree(rootfs, log);
  await copyPythonSources(rootfs);
  await copyFile(path.join(ROOT, 'sandbox', mode === 'offline' ? 'Dockerfile.offline' : 'Dockerfile'), path.join(CONTEXT, 'Dockerfile'));
  if (mode === 'offline') {
    await copyNodeRuntime(rootfs);
    await copyPythonRuntime(rootfs, log);
    await writeSystemFiles(rootfs);
    return ['Dockerfile', 'rootfs'];
  }
  await writeTiktokenCache(path.join(rootfs, IMAGE_PYTHON_DIR, 'tiktoken-cache'));
  await mkdir(path.join(CONTEXT, 'python'), { recursive: true });
  for (const lock of ['requirements.lock', 'tools.lock']) await copyFile(path.join(ROOT, 'sandbox', 'python', lock), path.join(CONTEXT, 'python', lock));
  return ['Dockerfile', 'rootfs', 'python'];
}

/**
 * Builds the sandbox image unless one with the same inputs exists, and points `alias` (SANDBOX_IMAGE) at it.
 * Offline by default (FROM scratch + host files, and the host's `.build/python` made first: ensureHostPython);
 * SANDBOX_BUILD=registry uses the official node and python base images instead.
 */
// eslint-disable-next-line no-console -- by default it prints to the terminal: its callers are command-line set-up steps
export async function ensureSandboxImage(docker: Docker, alias: string, log: (line: string) => void = console.log): Promise<string> {
  const mode = process.env.SANDBOX_BUILD === 'registry' ? 'registry' : 'offline';
  const python = mode === 'offline' ? (await ensureHostPython(log)).hash : '';
  const tag = `${IMAGE_REPOSITORY}:${await inputsHash(mode, python)}`;
  const exists = await docker.getImage(tag).inspect().then(() => true, () => false);
  if (!exists) {
    log(`sandbox image: building ${tag} (${mode})`);
    const src = await assembleContext(mode, log);
    const stream = await docker.buildImage({ context: CONTEXT, src }, { t: tag, rm: true, forcerm: true });
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(stream, (error: Error | null, output: Array<{ error?: string }>) => {
        const failed = error ?? output.find((o) => o.error);
        if (failed) reject(new Error(`sandbox image build failed: ${error?.message ?? (failed as { error: string }).error}`));
        else resolve();
      });
    });
  }
  // The configured name (default ai-judge-sandbox:latest) points at this build.
  const [aliasRepo, aliasTag = 'latest'] = alias.split(':') as [string, string?];
  await docker.getImage(tag).tag({ repo: aliasRepo, tag: aliasTag });
  await removeStaleImages(docker, tag);
  return tag;
}

/**
 * Old builds of the sandbox image are dead weight. An image that still carries a name other than its content hash
 * (`latest`, `dev`, ...) is kept, and so is one a container still uses.
 */
async function removeStaleImages(docker: Docker, current: string): Promise<void> {
  const images = await docker.listImages({ filters: { reference: [IMAGE_REPOSITORY] } });
  const isHashTag = (t: string) => /:[0-9a-f]{16}$/.test(t);
  for (const image of images) {
    const tags = image.RepoTags ?? [];
    if (tags.includes(current) || tags.some((t) => !isHashTag(t))) continue;
    await docker.getImage(image.Id).remove().catch(() => undefined);
  }
}
