/**
 * @module quality/python-quality
 * The code-quality analysis of a Python submission, in the same shape and sections as the TypeScript one:
 * python/analyze.py (the standard library's `ast` and `tokenize`) measures functions and size and finds LLM-call
 * risks; its tokens and string literals go through the same duplication finder and secret patterns as TypeScript;
 * ruff lints and mypy type-checks. Nothing of the candidate is imported or run, and no configuration file of the
 * candidate is used (none is even written to disk).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assembleAnalysis, THRESHOLDS } from './assemble';
import { findDuplicateTokens } from './duplication';
import { secretMessage } from './secrets';
import { pythonRuntime, type PythonRuntime } from '../harness/python-runtime';
import { runMypy, runRuff, toolVersion, type ToolResult } from './python-tools';
import type { FileSize, FunctionMetrics, QualityAnalysisV1, QualityFinding, SizeMetrics, UnavailableSection } from './types';

/** What python/analyze.py reports about one file. */
export interface FileAnalysis {
  file: string;
  parseError?: { line: number; column: number; message: string };
  size: FileSize;
  tokens: Array<[string, number]>;
  functions: FunctionMetrics[];
  literals: Array<{ line: number; column: number; value: string; name: string | null }>;
  risks: PlacedMessage[];
  /** `echoes-upstream-error` (a secret finding, as in TypeScript). */
  echoes: PlacedMessage[];
  /** `regex-quadratic-scan` (a lint finding, as in TypeScript). */
  regexes: PlacedMessage[];
}

type PlacedMessage = { rule: string; severity: QualityFinding['severity']; line: number; column: number; message: string };

const ANALYZE_TIMEOUT_MS = 8_000;
const SAFE_PATH = /^(?!\/)(?!.*(^|\/)\.\.?(\/|$))[\w.\-/ ]+$/;
const SKIPPED_DIR = /(^|\/)(__pycache__|\.venv|venv|site-packages|node_modules)\//;

/** Python sources, and everything else (pyproject.toml, mypy.ini, stubs, non-code) as ignored. */
export function selectPythonSources(files: Record<string, string>): { sources: Array<{ file: string; text: string }>; ignored: string[] } {
  const sources: Array<{ file: string; text: string }> = [];
  const ignored: string[] = [];
  for (const file of Object.keys(files).sort()) {
    if (file.endsWith('.py') && SAFE_PATH.test(file) && !SKIPPED_DIR.test(file)) sources.push({ file, text: files[file]! });
    else ignored.push(file);
  }
  return { sources, ignored };
}

/** Runs python/analyze.py over the sources (stdin in, JSON out); its failure is the analysis's failure. */
export function runAstAnalysis(paths: PythonRuntime, sources: Array<{ file: string; text: string }>, cwd: string): { files: FileAnalysis[]; python: string } {
  const script = path.join(__dirname, 'python', 'analyze.py');
  const run = spawnSync(paths.executable, ['-I', '-S', script], {
    cwd, input: JSON.stringify({ files: Object.fromEntries(sources.map((s) => [s.file, s.text])) }), encoding: 'utf8',
    env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' }, timeout: ANALYZE_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error || run.status !== 0) throw new Error(`The Python analysis failed: ${run.error?.message ?? run.stderr.slice(-1000)}`);
  return JSON.parse(run.stdout) as { files: FileAnalysis[]; python: string };
}

function sizeOf(perFile: FileSize[]): SizeMetrics {
  const sum = (key: keyof Omit<FileSize, 'file'>) => perFile.reduce((n, f) => n + f[key], 0);
  const linesOfCode = sum('linesOfCode');
  const commentLines = sum('commentLines');
  const ratio = linesOfCode + commentLines === 0 ? 0 : commentLines / (linesOfCode + commentLines);
  return { files: perFile.length, lines: sum('lines'), linesOfCode, commentLines, blankLines: sum('blankLines'), commentRatio: Math.round(ratio * 1000) / 1000, perFile };
}

function secretsOf(files: FileAnalysis[]): QualityFinding[] {
  return files.flatMap((f) => [...f.literals.flatMap((l) => {
    const message = secretMessage(l.value, l.name ?? undefined);
    return message ? [{ kind: 'secret' as const, rule: 'hard-coded-secret', severity: 'error' as const, file: f.file, line: l.line, column: l.column, message }] : [];
  }), ...f.echoes.map((e) => ({ kind: 'secret' as const, file: f.file, ...e }))]);
}

function parseErrors(files: FileAnalysis[]): QualityFinding[] {
  return files.flatMap((f) => (f.parseError ? [{ kind: 'lint' as const, rule: 'parse-error', severity: 'error' as const, file: f.file, line: f.parseError.line, column: f.parseError.column, message: f.parseError.message }] : []));
}

/** Runs a tool unless some file does not parse (mypy stops at the first syntax error and would report nothing else). */
function typesUnlessBroken(paths: PythonRuntime, dir: string, files: FileAnalysis[]): ToolResult {
  const broken = files.find((f) => f.parseError);
  if (broken) return { unavailable: { section: 'types', tool: 'mypy', reason: `not run: ${broken.file} has a syntax error (line ${broken.parseError!.line})` } };
  return runMypy(paths, dir, files.map((f) => f.file));
}

/** mypy codes that repeat a ruff rule on the same line (undefined name, redefinition): ruff's finding is kept. */
const SAME_AS_RUFF: Record<string, string> = { 'mypy:name-defined': 'F821', 'mypy:no-redef': 'F811' };

function withoutRepeats(types: QualityFinding[], lint: QualityFinding[]): QualityFinding[] {
  const seen = new Set(lint.map((f) => `${f.rule}:${f.file}:${f.line}`));
  return types.filter((t) => !(SAME_AS_RUFF[t.rule] && seen.has(`${SAME_AS_RUFF[t.rule]}:${t.file}:${t.line}`)));
}

/** Analyses a Python submission's files with the judge's own configuration. */
export function analyzePythonQuality(files: Record<string, string>): QualityAnalysisV1 {
  const paths = pythonRuntime();
  const { sources, ignored } = selectPythonSources(files);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'judge-quality-'));
  try {
    const analysis = runAstAnalysis(paths, sources, dir);
    for (const s of sources) {
      mkdirSync(path.join(dir, path.dirname(s.file)), { recursive: true });
      writeFileSync(path.join(dir, s.file), s.text);
    }
    const unavailable: UnavailableSection[] = [];
    const take = (r: ToolResult) => ('findings' in r ? r.findings : (unavailable.push(r.unavailable), []));
    const lint = sources.length ? take(runRuff(paths, dir, sources.map((s) => s.file))) : [];
    const types = sources.length ? take(typesUnlessBroken(paths, dir, analysis.files)) : [];
    return assembleAnalysis({
      language: 'python',
      functions: analysis.files.flatMap((f) => f.functions),
      size: sizeOf(analysis.files.map((f) => f.size)),
      duplication: findDuplicateTokens(analysis.files.map((f) => ({ file: f.file, tokens: f.tokens.map(([text, line]) => ({ text, line })) })), THRESHOLDS.duplicateTokens),
      lint: [...parseErrors(analysis.files), ...lint, ...analysis.files.flatMap((f) => f.regexes.map((r) => ({ kind: 'lint' as const, file: f.file, ...r })))],
      types: withoutRepeats(types, lint),
      secrets: secretsOf(analysis.files),
      risks: analysis.files.flatMap((f) => f.risks.map((r) => ({ kind: 'llm-risk' as const, file: f.file, ...r }))),
      tools: { python: analysis.python, ruff: toolVersion(paths, 'ruff'), mypy: toolVersion(paths, 'mypy') },
      ignored,
      unavailable,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
