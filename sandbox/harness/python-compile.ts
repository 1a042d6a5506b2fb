import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pythonRuntime } from './python-runtime';

/** A hostile source (deep nesting, a huge file) gets this long and this much memory to be parsed. */
const CHECK_TIMEOUT_MS = 10_000;
const CHECK_MEMORY_MB = 512;
const MAX_MESSAGE_BYTES = 16 * 1024;

/**
 * Writes a Python submission's files as they are under `outDir`, then parses every `.py` file in a separate
 * process of the candidate's uid (`python/compile_check.py`: `compile()` only, nothing runs). A syntax error reads
 * `src/solution.py, line 3: SyntaxError: invalid syntax` with the line and a caret.
 */
export async function compilePython(files: Record<string, string>, entry: string, outDir: string, uid: number | undefined): Promise<{ ok: true; entryPath: string } | { ok: false; message: string }> {
  if (!entry.endsWith('.py')) return { ok: false, message: `The entry file ${entry} is not a Python file.` };
  for (const [file, source] of Object.entries(files)) {
    const target = path.join(outDir, file);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, source);
  }
  const checked = await runCheck(outDir, uid);
  if (checked.code === 0) return { ok: true, entryPath: path.join(outDir, entry) };
  if (checked.code === 1 && checked.stdout.trim()) return { ok: false, message: checked.stdout.trim() };
  const why = checked.timedOut ? `took longer than ${CHECK_TIMEOUT_MS / 1000} s` : `stopped (${checked.signal ?? `code ${checked.code}`})`;
  return { ok: false, message: `The Python files could not be compiled: parsing them ${why}.${checked.stdout.trim() ? `\n${checked.stdout.trim()}` : ''}` };
}

interface CheckResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  timedOut: boolean;
}

function runCheck(root: string, uid: number | undefined): Promise<CheckResult> {
  const runtime = pythonRuntime();
  const script = path.join(__dirname, 'python', 'compile_check.py');
  return new Promise((resolve, reject) => {
    const child = spawn(runtime.executable, ['-S', '-E', '-B', script, root, String(CHECK_MEMORY_MB)], {
      cwd: root,
      env: { LANG: 'C.UTF-8' },
      stdio: ['ignore', 'pipe', 'ignore'],
      detached: true,
      ...(uid !== undefined ? { uid, gid: uid } : {}),
    });
    let stdout = '';
    let timedOut = false;
    const kill = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, CHECK_TIMEOUT_MS);
    child.stdout!.on('data', (c: Buffer) => {
      if (stdout.length < MAX_MESSAGE_BYTES) stdout += c.toString('utf8');
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: stdout.slice(0, MAX_MESSAGE_BYTES), timedOut });
    });
  });
}
