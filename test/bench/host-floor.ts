/**
 * The benchmark's floor: the sandbox image's own harness (the same compiled JavaScript, node_modules and V8 code
 * cache, run by the same Node binary the image copied from this host; for Python, the image's packages run by the
 * same /usr/bin/python3 the image copied) started directly on the host, without a
 * container. Like a pooled container, the harness has already started and waits on stdin when the clock starts, so
 * judge latency / floor is exactly what the sandbox adds; the CPU figure includes the harness's start-up and the
 * candidate's process (what one judgement costs the machine without any sandbox).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { cpuTicksOf } from './bench-util';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Copies the image's /sandbox folder to .build/floor/<image id> once (a created container is never started) and
 * removes the copies of older images.
 */
export async function extractSandbox(docker: Docker, image: string): Promise<string> {
  const id = ((await docker.getImage(image).inspect()).Id).replace(/^sha256:/, '').slice(0, 16);
  const parent = path.join(ROOT, '.build', 'floor');
  const dir = path.join(parent, id);
  for (const old of await readdir(parent).catch(() => [] as string[])) if (old !== id) await rm(path.join(parent, old), { recursive: true, force: true });
  if (existsSync(path.join(dir, 'sandbox', 'dist', 'harness', 'main.js'))) return withPythonFolders(dir);
  const partial = `${dir}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  const container = await docker.createContainer({ Image: image, Cmd: ['/usr/bin/node', '-e', '0'], NetworkDisabled: true });
  try {
    const tar = await container.getArchive({ path: '/sandbox' });
    const untar = spawn('tar', ['-x', '-C', partial], { stdio: ['pipe', 'ignore', 'inherit'] });
    tar.pipe(untar.stdin);
    await new Promise<void>((resolve, reject) => untar.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`tar exited ${code}`)))));
  } finally {
    await container.remove({ force: true });
  }
  await rm(dir, { recursive: true, force: true });
  await rename(partial, dir);
  return withPythonFolders(dir);
}

/**
 * On the host the harness looks for Python's packages in `<repository>/.build/python` (python-runtime.ts), which for
 * the copy is `<copy>/sandbox/.build/python`: point it at the image's own `/sandbox/python`, so a Python floor run
 * imports the same packages as the container.
 */
function withPythonFolders(dir: string): string {
  const image = path.join(dir, 'sandbox', 'python');
  const link = path.join(dir, 'sandbox', '.build', 'python');
  if (existsSync(image) && !existsSync(link)) {
    mkdirSync(path.dirname(link), { recursive: true });
    symlinkSync(image, link);
  }
  return dir;
}

/**
 * A cgroup (v1 cpuacct, as Docker uses on this machine) that a floor run's processes are moved into, so its CPU
 * figure includes the candidate's processes, which the harness does not always reap before it exits. Undefined when
 * cgroups cannot be written (no root, cgroup v2): the figure is then left out.
 */
function floorCgroup(): string | undefined {
  const dir = '/sys/fs/cgroup/cpuacct/ai-judge-floor';
  try {
    mkdirSync(dir, { recursive: true });
    return dir;
  } catch {
    return undefined;
  }
}

const cgroupCpuSeconds = (dir: string) => Number(readFileSync(path.join(dir, 'cpuacct.usage'), 'utf8')) / 1e9;

/**
 * Runs one payload through the image's harness on the host. `wallMs` counts from the payload's first byte to the
 * harness's exit (start-up excluded, as with a pooled container); `cpuMs` is everything the harness and the candidate's
 * processes used, start-up included (when a cgroup could be made for them).
 */
export async function runHostFloor(sandboxDir: string, payload: string): Promise<{ wallMs: number; cpuMs?: number; stdout: string }> {
  const work = await mkdtemp(path.join(tmpdir(), 'judge-floor-'));
  const cgroup = floorCgroup();
  const cpuBefore = cgroup ? cgroupCpuSeconds(cgroup) : 0;
  const child = spawn(process.execPath, [path.join(sandboxDir, 'sandbox', 'dist', 'harness', 'main.js')], {
    cwd: work, env: { PATH: process.env.PATH, JUDGE_WORK_DIR: path.join(work, 'work'), HOME: work }, stdio: ['pipe', 'pipe', 'inherit'],
  });
  const chunks: Buffer[] = [];
  if (cgroup) writeFileSync(path.join(cgroup, 'cgroup.procs'), String(child.pid));
  child.stdout.on('data', (c: Buffer) => chunks.push(c));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await waitUntilIdle(child.pid!);
  const started = performance.now();
  child.stdin.end(payload);
  await exited;
  const wallMs = performance.now() - started;
  // the candidate's process may outlive the harness by a moment (it is killed, not awaited)
  await new Promise((r) => setTimeout(r, 200));
  const cpuMs = cgroup ? (cgroupCpuSeconds(cgroup) - cpuBefore) * 1000 : undefined;
  await rm(work, { recursive: true, force: true });
  return { wallMs, cpuMs, stdout: Buffer.concat(chunks).toString('utf8') };
}

/** Waits until a freshly started process stops using CPU (its start-up is over and it blocks on stdin). */
async function waitUntilIdle(pid: number): Promise<void> {
  let last = -1;
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const now = cpuTicksOf(pid);
    if (now === last) return;
    last = now;
  }
}
