/**
 * Python start-up: the CPU a Python candidate's process costs before its first call (the interpreter and the harness's
 * host program, judge_host.py, importing a solution that uses only the standard library), measured on the host with
 * the interpreter the image copies (python_startup.py). Goal: under 60 ms.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { stats } from './bench-util';

const ROOT = path.resolve(__dirname, '..', '..');
const HOST_PROGRAM = path.join(ROOT, 'sandbox', 'harness', 'python', 'judge_host.py');
const SITE_PACKAGES = path.join(ROOT, '.build', 'python', 'site-packages');
const PYTHON = process.env.JUDGE_PYTHON || '/usr/bin/python3';

/** A solution of the kind the goal is about: the standard library only. */
const STDLIB_SOLUTION = 'import json\nimport re\n\n\ndef solve(n):\n    return 2 * n\n';

export interface PythonStartup {
  runs: number;
  cpuMedianMs: number;
  cpuP95Ms: number;
  readyMedianMs: number;
}

/** Measures `runs` start-ups, or resolves to null (and says why) when the host program or Python is missing. */
export async function measurePythonStartup(runs: number): Promise<PythonStartup | null> {
  if (!existsSync(HOST_PROGRAM) || !existsSync(PYTHON)) {
    console.log(`Python start-up: not run (${existsSync(PYTHON) ? HOST_PROGRAM : PYTHON} is absent)`);
    return null;
  }
  const root = await mkdtemp(path.join(tmpdir(), 'bench-python-startup-'));
  try {
    await mkdir(path.join(root, 'src'));
    const entry = path.join(root, 'src', 'solution.py');
    await writeFile(entry, STDLIB_SOLUTION);
    const args = [path.join(__dirname, 'python_startup.py'), PYTHON, HOST_PROGRAM, entry, root, SITE_PACKAGES, String(runs + 1)];
    const { stdout } = await promisify(execFile)(PYTHON, args, { timeout: 120_000 });
    const measured = JSON.parse(stdout) as { cpuMs: number[]; wallMs: number[] };
    // the first run reads the interpreter and the standard library from disk into the page cache
    const cpu = stats(measured.cpuMs.slice(1));
    const ready = stats(measured.wallMs.slice(1));
    return { runs, cpuMedianMs: +cpu.median.toFixed(1), cpuP95Ms: +cpu.p95.toFixed(1), readyMedianMs: +ready.median.toFixed(1) };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
