import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { chmod, chown, mkdir, open, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface EsbuildOptions {
  /** A folder the harness may create and delete; esbuild reads its inputs and writes its outputs below it. */
  scratchDir: string;
  /** Set in the container: esbuild runs under the candidate's uid and gid, so a crafted file gains nothing there. */
  uid?: number;
  /** Past this esbuild is killed and TypeScript compiles (default TIMEOUT_MS). */
  timeoutMs?: number;
  /** Told what esbuild said when its run was not clean (the caller may retry as an ES module). */
  onStderr?: (text: string) => void;
}

/** Compiled JavaScript by source path, or undefined: esbuild did not produce a clean result, TypeScript decides. */
export type EsbuildResult = Map<string, string> | undefined;

/** The same semantics as transpile.ts's TypeScript options; these override any tsconfig.json on the disk. */
export const TSCONFIG = { compilerOptions: { target: 'es2022', esModuleInterop: true, useDefineForClassFields: true, verbatimModuleSyntax: false } };
const FLAGS = [
  '--format=cjs',
  '--target=es2022',
  '--sourcemap=inline',
  '--sources-content=false',
  // Warnings too: whatever esbuild is unsure about (import.meta in CommonJS, ...) goes to TypeScript, the authority.
  '--log-level=warning',
  // TypeScript emits "use strict" in every file (alwaysStrict); esbuild's CommonJS output would otherwise be sloppy.
  '--banner:js="use strict";',
  `--tsconfig-raw=${JSON.stringify(TSCONFIG)}`,
];
// Entry points are `out=in` pairs (our names for the outputs); other characters (`=`, globs) go to TypeScript.
export const PLAIN_PATH = /^[A-Za-z0-9_@][A-Za-z0-9_@./-]*$/;
// esbuild takes milliseconds for the largest submission; some crafted inputs make it superlinear (a long run of `!`
// takes minutes), and those fail in TypeScript anyway.
const TIMEOUT_MS = 3_000;
// esbuild's memory grows with nesting depth (~225 MB at 40,000 levels) and some long operator runs are superlinear in
// it; no real solution comes near these, so such files go straight to TypeScript, which refuses them quickly.
const MAX_NESTING = 256;
const MAX_OPERATOR_RUN = 256;
const MAX_STDERR_BYTES = 64 * 1024;
const MAX_OUTPUT_BYTES = 8 * 1024 * 1024;
const SOURCE_MAP = /\n\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/;

/**
 * Transpiles the candidate's code files to CommonJS with one run of the esbuild binary (several entry points, no
 * bundling). Anything other than a clean run (an error or warning, a crash, the timeout, an odd output) answers
 * undefined, and the caller compiles with TypeScript instead: its messages are the ones candidates see.
 */
export async function transpileWithEsbuild(files: Array<[string, string]>, options: EsbuildOptions): Promise<EsbuildResult> {
  if (files.length === 0) return new Map();
  const binary = esbuildBinary();
  if (!binary || !files.every(([file, source]) => PLAIN_PATH.test(file) && !isPathological(source))) return undefined;
  await rm(options.scratchDir, { recursive: true, force: true });
  try {
    const { inDir, outDir } = await prepareScratch(files, options);
    const entries = files.map(([file], i) => `f${i}=./${file}`);
    const run = await runEsbuild(binary, [...FLAGS, `--outdir=${outDir}`, ...entries], inDir, options);
    if (!run.clean) {
      options.onStderr?.(run.stderr);
      return undefined;
    }
    const outputs = new Map<string, string>();
    for (const [i, [file]] of files.entries()) {
      const js = await readOutput(path.join(outDir, `f${i}.js`));
      if (js === undefined) return undefined;
      outputs.set(file, withSourceName(js, path.posix.basename(file)));
    }
    return outputs;
  } catch {
    return undefined;
  } finally {
    // Best effort: a folder esbuild made in the output folder is its to keep (the candidate's uid, nothing secret).
    await rm(options.scratchDir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** esbuild's input folder (the files as given) and its output folder, under the scratch folder. */
export async function prepareScratch(files: Array<[string, string]>, options: EsbuildOptions): Promise<{ inDir: string; outDir: string }> {
  const inDir = path.join(options.scratchDir, 'in');
  const outDir = path.join(options.scratchDir, 'out');
  for (const [file, source] of files) {
    await mkdir(path.dirname(path.join(inDir, file)), { recursive: true, mode: 0o755 });
    await writeFile(path.join(inDir, file), source, { mode: 0o644 });
  }
  // The harness owns the output folder and esbuild writes there through its group: the harness (root without
  // CAP_DAC_OVERRIDE in the container) can then read and delete what it wrote. Outputs are flat files, so esbuild
  // needs no folders of its own there.
  await mkdir(outDir, { mode: 0o700 });
  if (options.uid !== undefined) {
    await chown(outDir, process.getuid?.() ?? 0, options.uid);
    await chmod(outDir, 0o770); // not through mkdir: the umask would take the group's write bit
  }
  return { inDir, outDir };
}

/**
 * True for bracket nesting deeper than MAX_NESTING or a run of more than MAX_OPERATOR_RUN prefix operators. It counts
 * characters without parsing (brackets in strings count too): a false alarm only means TypeScript compiles the file.
 */
export function isPathological(source: string): boolean {
  let depth = 0;
  let run = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) {
      if (++depth > MAX_NESTING) return true;
    } else if ((c === 41 || c === 93 || c === 125) && depth > 0) {
      depth--;
    }
    // ! ~ + - (runs of unary operators)
    run = c === 33 || c === 126 || c === 43 || c === 45 ? run + 1 : 0;
    if (run > MAX_OPERATOR_RUN) return true;
  }
  return false;
}

export function esbuildBinary(): string | undefined {
  try {
    return require.resolve(`@esbuild/${process.platform}-${process.arch}/bin/esbuild`);
  } catch {
    return undefined;
  }
}

interface EsbuildRun {
  /** Exited 0 and said nothing. */
  clean: boolean;
  /** Exited 0 (warnings allowed). */
  ok: boolean;
  /** What it said, up to MAX_STDERR_BYTES. */
  stderr: string;
}

/** Runs esbuild under the candidate's uid; its whole process group is killed afterwards, whatever happened. */
export function runEsbuild(binary: string, args: string[], cwd: string, options: EsbuildOptions): Promise<EsbuildRun> {
  return new Promise((resolve) => {
    const child = spawn(binary, args, {
      cwd,
      env: {},
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
      ...(options.uid !== undefined ? { uid: options.uid, gid: options.uid } : {}),
    });
    const killGroup = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const said: Buffer[] = [];
    let saidBytes = 0;
    const timer = setTimeout(killGroup, options.timeoutMs ?? TIMEOUT_MS);
    child.stderr!.on('data', (chunk: Buffer) => {
      saidBytes += chunk.length;
      if (saidBytes > MAX_STDERR_BYTES) killGroup();
      else said.push(chunk);
    });
    child.on('error', () => undefined);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      killGroup();
      const ok = code === 0 && signal === null && saidBytes <= MAX_STDERR_BYTES;
      resolve({ ok, clean: ok && saidBytes === 0, stderr: Buffer.concat(said).toString('utf8') });
    });
  });
}

/** Reads one output esbuild wrote: only a regular file (no symlink, no FIFO), within a size cap; else undefined. */
export async function readOutput(file: string): Promise<string | undefined> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const stat = await handle.stat();
    if (!stat.isFile() || stat.size > MAX_OUTPUT_BYTES) return undefined;
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/** esbuild names the source relative to its scratch folders; TypeScript names it by its file name, as here. */
function withSourceName(js: string, source: string): string {
  return withSourceMapSources(js, () => [source]);
}

/** `js` with its inline source map's `sources` replaced by `rename(sources)` (unchanged without an inline map). */
export function withSourceMapSources(js: string, rename: (sources: string[]) => string[]): string {
  const match = SOURCE_MAP.exec(js);
  if (!match) return js;
  const map = JSON.parse(Buffer.from(match[1]!, 'base64').toString('utf8')) as { sources?: string[] };
  map.sources = rename(map.sources ?? []);
  const encoded = Buffer.from(JSON.stringify(map)).toString('base64');
  return `${js.slice(0, match.index)}\n//# sourceMappingURL=data:application/json;base64,${encoded}\n`;
}
