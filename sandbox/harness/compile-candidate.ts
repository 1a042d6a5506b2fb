import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { transpileWithEsbuild } from './esbuild-transpile';
import type { Language } from './protocol';
import { compilePython } from './python-compile';
import { CODE_FILE, outputPath, transpile } from './transpile';

export type CompileOutcome = { ok: true; entryPath: string } | { ok: false; message: string };

export interface CompileOptions {
  /** Where the compiled files go (owned by the harness, readable by the candidate). */
  outDir: string;
  /** A folder for esbuild's inputs and outputs, deleted afterwards. */
  scratchDir: string;
  /** The candidate's uid in the container: esbuild (or Python's parser) runs under it. */
  uid?: number;
  /** Python files are written as they are and only parsed; the default compiles TypeScript/JavaScript. */
  language?: Language;
}

/** Which compiler produced the files: esbuild, or TypeScript when esbuild did not give a clean result. */
export type Compiler = 'esbuild' | 'typescript';

/**
 * Writes the candidate's files as compiled CommonJS under `outDir`; syntax errors make a compile failure.
 * esbuild compiles in the common case; when it reports anything, TypeScript compiles every file as the authority,
 * so compile errors read `path(line,col): error TSnnnn: message` and a file only esbuild rejects still runs.
 */
export async function compileCandidate(files: Record<string, string>, entry: string, options: CompileOptions): Promise<CompileOutcome & { compiler?: Compiler }> {
  for (const file of Object.keys(files)) assertSafeRelativePath(file);
  if (!(entry in files)) return { ok: false, message: `The entry file ${entry} is missing from the submission.` };
  if (options.language === 'python') return compilePython(files, entry, options.outDir, options.uid);
  const code = Object.entries(files).filter(([file]) => CODE_FILE.test(file) && !file.endsWith('.d.ts'));
  let compiled = await transpileWithEsbuild(code, { scratchDir: options.scratchDir, uid: options.uid });
  const compiler: Compiler = compiled ? 'esbuild' : 'typescript';
  if (!compiled) {
    const errors: string[] = [];
    compiled = new Map();
    for (const [file, source] of code) {
      const result = transpile(file, source);
      errors.push(...result.errors);
      compiled.set(file, result.js);
    }
    if (errors.length > 0) return { ok: false, message: errors.join('\n'), compiler };
  }
  // In the submission's order, as before: when two files map to one output path, the later one wins.
  for (const [file, source] of Object.entries(files)) {
    const js = compiled.get(file);
    const target = path.join(options.outDir, js === undefined ? file : outputPath(file));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, js ?? source);
  }
  return { ok: true, entryPath: path.join(options.outDir, outputPath(entry)), compiler };
}

/** Defence in depth: the API validated paths already, but the harness never trusts its input either. */
function assertSafeRelativePath(file: string): void {
  const normal = path.posix.normalize(file);
  if (path.posix.isAbsolute(file) || normal.startsWith('..') || file.includes('\0')) {
    throw new Error(`Unsafe path in submission: ${JSON.stringify(file)}`);
  }
}
