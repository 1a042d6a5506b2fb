import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleEsm, declaresEsm, needsEsm, type EsmBundle } from './esbuild-esm';
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
 * Writes the candidate's files as compiled CommonJS under `outDir`, or as one ES module bundle when the submission is
 * written as ES modules or needs them (top-level await); syntax errors make a compile failure.
 * esbuild compiles in the common case; when it reports anything, TypeScript compiles every file as the authority,
 * so compile errors read `path(line,col): error TSnnnn: message` and a file only esbuild rejects still runs.
 */
export async function compileCandidate(files: Record<string, string>, entry: string, options: CompileOptions): Promise<CompileOutcome & { compiler?: Compiler }> {
  for (const file of Object.keys(files)) assertSafeRelativePath(file);
  if (!(entry in files)) return { ok: false, message: `The entry file ${entry} is missing from the submission.` };
  if (options.language === 'python') return compilePython(files, entry, options.outDir, options.uid);
  const code = Object.entries(files).filter(([file]) => CODE_FILE.test(file) && !file.endsWith('.d.ts'));
  const esbuildOptions = { scratchDir: options.scratchDir, uid: options.uid };
  if (declaresEsm(files)) return compileAsEsm(files, entry, options, await bundleEsm(Object.entries(files), entry, esbuildOptions));
  let esmOnly = false;
  let compiled = await transpileWithEsbuild(code, { ...esbuildOptions, onStderr: (text) => (esmOnly = needsEsm(text)) });
  if (esmOnly) return compileAsEsm(files, entry, options, await bundleEsm(Object.entries(files), entry, esbuildOptions));
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

/**
 * Writes the ES module bundle as `<entry>.mjs` beside the submission's other files (kept as they are, for code that
 * reads them). When esbuild refused the bundle, TypeScript's messages are given if it finds errors, else esbuild's.
 */
async function compileAsEsm(files: Record<string, string>, entry: string, options: CompileOptions, bundle: EsmBundle | undefined): Promise<CompileOutcome & { compiler?: Compiler }> {
  if (!bundle?.ok) {
    const errors = Object.entries(files).filter(([file]) => CODE_FILE.test(file) && !file.endsWith('.d.ts')).flatMap(([file, source]) => transpile(file, source).errors);
    return { ok: false, message: errors.length ? errors.join('\n') : bundle?.message ?? 'The solution could not be compiled as an ES module.', compiler: errors.length ? 'typescript' : 'esbuild' };
  }
  for (const [file, source] of Object.entries(files)) {
    if (CODE_FILE.test(file)) continue;
    const target = path.join(options.outDir, file);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, source);
  }
  const entryPath = path.join(options.outDir, entry.replace(/\.[^./]+$/, '.mjs'));
  await mkdir(path.dirname(entryPath), { recursive: true });
  await writeFile(entryPath, bundle.js);
  return { ok: true, entryPath, compiler: 'esbuild' };
}

/** Defence in depth: the API validated paths already, but the harness never trusts its input either. */
function assertSafeRelativePath(file: string): void {
  const normal = path.posix.normalize(file);
  if (path.posix.isAbsolute(file) || normal.startsWith('..') || file.includes('\0')) {
    throw new Error(`Unsafe path in submission: ${JSON.stringify(file)}`);
  }
}
