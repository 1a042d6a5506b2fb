/**
 * @module quality/python-tools
 * ruff and mypy over the candidate's Python files, each with the judge's own configuration only: ruff runs
 * `--isolated` (no pyproject.toml, ruff.toml or setup.cfg is read) and ignores `# noqa`; mypy gets an explicit, empty
 * config file of the judge's (so no mypy.ini, setup.cfg or pyproject.toml, hence no plugin, is ever loaded), no cache,
 * and an interpreter started with `-I -S` whose search path is the tools and the candidate packages (so pydantic,
 * numpy, fastapi, ... type-check against the installed packages). Neither tool imports or runs the candidate's code.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { QualityFinding, UnavailableSection } from './types';
import type { PythonRuntime } from '../harness/python-runtime';

/** Correctness, likely bugs and a few security rules; no pure style (line length, quotes, naming, import order). */
export const RUFF_SELECT = ['F', 'E711', 'E712', 'E713', 'E714', 'E721', 'E722', 'E9', 'B', 'PLE', 'ASYNC', 'RUF006',
  'S102', 'S113', 'S307', 'S501', 'S506', 'S602', 'S605'];
/**
 * Opinionated rules left out: B008 flags FastAPI's `Depends()` defaults, B904/B905 are style choices, ASYNC109 flags
 * any `timeout` parameter, ASYNC110 flags polling a flag that has no event (uvicorn's `server.started`).
 */
export const RUFF_IGNORE = ['B008', 'B009', 'B010', 'B024', 'B027', 'B904', 'B905', 'ASYNC109', 'ASYNC110'];
const RUFF_ERRORS = /^(E9|F63|F7|F82|F50|F52|PLE|S102|S307)/;
const RUFF_TIMEOUT_MS = 6_000;
/** With the AST analysis and ruff this stays under QUALITY_WALL_TIME_MS. */
const MYPY_TIMEOUT_MS = 40_000;
const MAX_BUFFER = 32 * 1024 * 1024;

export type ToolResult = { findings: QualityFinding[] } | { unavailable: UnavailableSection };

function toolEnv(home: string): NodeJS.ProcessEnv {
  return { PATH: '/usr/bin:/bin', HOME: home, LANG: 'C.UTF-8' };
}

function failure(section: UnavailableSection['section'], tool: string, run: ReturnType<typeof spawnSync>, timeoutMs: number): ToolResult {
  const reason = run.error && (run.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' ? `timed out after ${timeoutMs / 1000} s`
    : run.error ? run.error.message : `exited with ${run.status ?? run.signal}: ${String(run.stderr || run.stdout).trim().slice(0, 300)}`;
  return { unavailable: { section, tool, reason } };
}

/** A tool's version from its dist-info folder name (no process started). */
export function toolVersion(paths: PythonRuntime, name: string): string {
  try {
    const dir = readdirSync(paths.tools).find((d) => d.startsWith(`${name}-`) && d.endsWith('.dist-info'));
    return dir ? dir.slice(name.length + 1, -'.dist-info'.length) : 'unknown';
  } catch {
    return 'unknown';
  }
}

interface RuffDiagnostic {
  code: string | null;
  message: string;
  filename: string;
  location: { row: number; column: number };
  end_location?: { row: number; column: number };
}

/** ruff findings for `files` (paths relative to `dir`); syntax errors are left to the AST analysis, which reports them. */
export function runRuff(paths: PythonRuntime, dir: string, files: string[]): ToolResult {
  const args = ['check', '--isolated', '--no-cache', '--ignore-noqa', '--exit-zero', '--output-format=json', '--target-version=py311',
    `--select=${RUFF_SELECT.join(',')}`, `--ignore=${RUFF_IGNORE.join(',')}`, '--', ...files];
  const run = spawnSync(path.join(paths.tools, 'bin', 'ruff'), args, { cwd: dir, env: toolEnv(dir), timeout: RUFF_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: MAX_BUFFER, encoding: 'utf8' });
  if (run.error || run.status !== 0) return failure('lint', 'ruff', run, RUFF_TIMEOUT_MS);
  let diagnostics: RuffDiagnostic[];
  try {
    diagnostics = JSON.parse(run.stdout) as RuffDiagnostic[];
  } catch {
    return { unavailable: { section: 'lint', tool: 'ruff', reason: 'its output was not JSON' } };
  }
  return {
    findings: diagnostics.filter((d) => d.code && d.code !== 'invalid-syntax').map((d) => ({
      kind: 'lint', rule: d.code!, severity: RUFF_ERRORS.test(d.code!) ? 'error' : 'warning',
      file: path.relative(dir, path.resolve(dir, d.filename)), line: d.location.row, column: d.location.column,
      ...(d.end_location && d.end_location.row !== d.location.row ? { endLine: d.end_location.row } : {}),
      message: d.message,
    })),
  };
}

/** Starts mypy from the tools folder; the candidate packages come last on the path, so nothing shadows the stdlib. */
const MYPY_LAUNCHER = 'import sys; sys.path.insert(0, sys.argv[1]); sys.path.append(sys.argv[2]); '
  + 'from mypy.__main__ import console_entry; sys.argv = ["mypy"] + sys.argv[3:]; console_entry()';

interface MypyMessage {
  file: string;
  line: number;
  column: number;
  message: string;
  hint: string | null;
  code: string | null;
  severity: string;
}

/**
 * The judge's mypy configuration. The openai and langchain SDKs are not followed (their names are `Any`): their
 * TypedDict overloads reject the ordinary `messages = [{"role": ..., "content": ...}]` list (every bundled Python
 * reference got a false `call-overload`), and reading the whole openai SDK cost about 5 s of CPU per analysis.
 */
const MYPY_CONFIG = ['[mypy]', ...['openai', 'langchain_openai', 'langchain_core'].flatMap((p) => [`[mypy-${p}.*]`, 'follow_imports = skip']), ''].join('\n');

/**
 * mypy type errors for `files` (paths relative to `dir`), with mypy's default (non-strict) checks; rebinding a name
 * to another type (`m = pattern.search(...)` after `for m in ...`) is allowed, as Python allows it.
 */
export function runMypy(paths: PythonRuntime, dir: string, files: string[]): ToolResult {
  const config = path.join(dir, '.judge-mypy.ini');
  writeFileSync(config, MYPY_CONFIG);
  const args = ['-I', '-S', '-c', MYPY_LAUNCHER, paths.tools, paths.sitePackages, '--config-file', config, '--cache-dir=/dev/null',
    '--ignore-missing-imports', '--follow-imports=silent', '--allow-redefinition', '--python-version=3.11', '--no-error-summary', '--show-column-numbers',
    '--show-error-codes', '--output=json', '--', ...files];
  const run = spawnSync(paths.executable, args, { cwd: dir, env: toolEnv(dir), timeout: MYPY_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: MAX_BUFFER, encoding: 'utf8' });
  if (run.error || (run.status !== 0 && run.status !== 1)) return failure('types', 'mypy', run, MYPY_TIMEOUT_MS);
  const own = new Set(files);
  const findings: QualityFinding[] = [];
  for (const line of run.stdout.split('\n')) {
    if (!line.trim()) continue;
    let m: MypyMessage;
    try {
      m = JSON.parse(line) as MypyMessage;
    } catch {
      return { unavailable: { section: 'types', tool: 'mypy', reason: line.slice(0, 300) } };
    }
    const file = path.relative(dir, path.resolve(dir, m.file));
    if (m.severity !== 'error' || !own.has(file) || m.code === 'syntax') continue;
    const hint = m.hint && m.hint.length <= 200 ? ` (${m.hint})` : '';
    findings.push({ kind: 'type', rule: `mypy:${m.code ?? 'error'}`, severity: 'error', file, line: Math.max(1, m.line), column: Math.max(1, m.column + 1), message: m.message + hint });
  }
  return { findings };
}
