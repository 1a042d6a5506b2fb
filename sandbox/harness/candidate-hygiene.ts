import { spawn } from 'node:child_process';
import { chown, mkdir, readdir, readFile, rm } from 'node:fs/promises';

/**
 * Nothing the candidate's code wrote may outlive its process: a process killed during a hidden test must not hand
 * what it saw to the one that replaces it. Before a respawn the harness (root in the container) kills every process
 * of the candidate's uid (a daemon that left the process group included) and deletes every file the uid owns in the
 * container's writable filesystem (its own folders are emptied), so the home is empty again. Host-side runs (no uid)
 * recreate the home only.
 */
export async function resetCandidateState(dirs: { home: string; uid: number | undefined; writableRoot: string }): Promise<void> {
  if (dirs.uid === undefined) {
    await rm(dirs.home, { recursive: true, force: true });
    await mkdir(dirs.home, { recursive: true, mode: 0o700 });
    return;
  }
  await killProcessesOf(dirs.uid);
  await removeOwnedBy(dirs.writableRoot, dirs.uid);
  await killProcessesOf(dirs.uid);
  // The home is left empty (root may not read it to remove it); make sure it is there and the candidate's.
  await mkdir(dirs.home, { recursive: true, mode: 0o700 });
  await chown(dirs.home, dirs.uid, dirs.uid);
}

async function uidOfProcess(pid: string): Promise<number | undefined> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const real = /^Uid:\s+(\d+)/m.exec(status)?.[1];
  return real === undefined ? undefined : Number(real);
}

async function processesOf(uid: number): Promise<number[]> {
  const pids = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry));
  const owned = await Promise.all(pids.map(async (pid) => ((await uidOfProcess(pid)) === uid ? Number(pid) : undefined)));
  return owned.filter((pid): pid is number => pid !== undefined && pid !== process.pid);
}

/** SIGKILLs every process of `uid` and waits (up to 2 s) until none is left. */
async function killProcessesOf(uid: number): Promise<void> {
  const deadline = Date.now() + 2_000;
  for (let pids = await processesOf(uid); pids.length > 0 && Date.now() < deadline; pids = await processesOf(uid)) {
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Deletes, as the candidate's own uid, everything under argv[1] that uid owns. The harness cannot do it as root: the
 * container keeps no CAP_DAC_OVERRIDE or CAP_FOWNER, so the candidate's 0700 folders are closed to it. An owned folder
 * is opened (chmod) before it is emptied, so modes the candidate set cannot keep anything.
 */
const REMOVE_OWNED_SCRIPT = `
const fs = require('fs'); const path = require('path'); const me = process.getuid();
const list = (p) => { try { return fs.readdirSync(p); } catch { return []; } };
function wipe(p, st, top) {
  if (st.isDirectory()) {
    fs.chmodSync(p, 0o700);
    for (const name of fs.readdirSync(p)) wipe(path.join(p, name), fs.lstatSync(path.join(p, name)), false);
    // A folder the harness made and handed over (the home) sits in a folder only root may change: it stays, empty.
    try { fs.rmdirSync(p); } catch (e) { if (!top) throw e; }
  } else fs.unlinkSync(p);
}
function walk(dir) {
  for (const name of list(dir)) {
    const p = path.join(dir, name);
    let st; try { st = fs.lstatSync(p); } catch { continue; }
    if (st.uid === me) wipe(p, st, true); else if (st.isDirectory()) walk(p);
  }
}
walk(process.argv[1]);`;

/** Deletes everything under `dir` owned by `uid` (in a process of that uid); rejects when it could not. */
function removeOwnedBy(dir: string, uid: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', REMOVE_OWNED_SCRIPT, dir], { uid, gid: uid, cwd: '/', env: {}, stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()).length > 4_000 && child.kill('SIGKILL'));
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`removing the solution's files failed (${signal ?? `code ${code}`}): ${stderr.slice(0, 500)}`))));
  });
}
