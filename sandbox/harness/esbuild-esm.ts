import path from 'node:path';
import { rm } from 'node:fs/promises';
import { packageOfFile } from './package-policy';
import { esbuildBinary, isPathological, PLAIN_PATH, prepareScratch, readOutput, runEsbuild, TSCONFIG, withSourceMapSources, type EsbuildOptions } from './esbuild-transpile';

/** The ES module bundle of a submission, or esbuild's own words for why it could not be made. */
export type EsmBundle = { ok: true; js: string } | { ok: false; message: string };

// `require` keeps working inside the ES module (esbuild's require shim calls it), as it does in Node's own ESM.
// A global, not a declaration, so a module that declares its own `require` (createRequire) still compiles.
const BANNER = "import { createRequire as __judgeCreateRequire } from 'node:module'; globalThis.require ??= __judgeCreateRequire(import.meta.url);";

/**
 * True when the submission is written as ES modules: a `.mjs`/`.mts` file, or a package.json with
 * `"type": "module"`. Such a submission is bundled as one ES module rather than transpiled file by file to CommonJS.
 */
export function declaresEsm(files: Record<string, string>): boolean {
  return Object.entries(files).some(([file, text]) => /\.m[jt]s$/.test(file) || (path.posix.basename(file) === 'package.json' && isTypeModule(text)));
}

/** esbuild's words when CommonJS cannot hold the code: top-level await, or import.meta. */
export function needsEsm(esbuildStderr: string): boolean {
  return /Top-level await is currently not supported with the "cjs" output format|"import\.meta" is not available with the "cjs" output format/.test(esbuildStderr);
}

function isTypeModule(text: string): boolean {
  try {
    return (JSON.parse(text) as { type?: unknown }).type === 'module';
  } catch {
    return false;
  }
}

/**
 * Bundles the entry and every file it imports into one ES module (packages stay imports, resolved at run time from
 * the challenge's list), so top-level `await`, `import.meta` and extensionless or `.mjs` relative imports all work.
 * An import that reaches outside the submission is refused. Undefined: esbuild is not usable here.
 */
export async function bundleEsm(files: Array<[string, string]>, entry: string, options: EsbuildOptions): Promise<EsmBundle | undefined> {
  const binary = esbuildBinary();
  if (!binary || !files.every(([file, source]) => PLAIN_PATH.test(file) && !isPathological(source))) return undefined;
  await rm(options.scratchDir, { recursive: true, force: true });
  try {
    const { inDir, outDir } = await prepareScratch(files, options);
    const run = await runEsbuild(binary, ['--bundle', '--format=esm', '--platform=node', '--packages=external', '--target=es2022',
      '--sourcemap=inline', '--sources-content=false', '--log-level=warning', `--banner:js=${BANNER}`, `--tsconfig-raw=${JSON.stringify(TSCONFIG)}`,
      `--outfile=${outDir}/entry.mjs`, `--metafile=${outDir}/meta.json`, `./${entry}`], inDir, options);
    if (!run.ok) return { ok: false, message: run.stderr.trim() || 'The solution could not be compiled as an ES module.' };
    const outside = await importsOutside(path.join(outDir, 'meta.json'));
    if (outside) return { ok: false, message: outsideMessage(outside) };
    const js = await readOutput(path.join(outDir, 'entry.mjs'));
    return js === undefined ? undefined : { ok: true, js: withSources(js, path.posix.dirname(entry)) };
  } catch {
    return undefined;
  } finally {
    await rm(options.scratchDir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** The first bundled input that is not one of the submission's files (an absolute or `../` path), if any. */
async function importsOutside(metafile: string): Promise<string | undefined> {
  const text = await readOutput(metafile);
  if (text === undefined) return 'an input';
  const inputs = Object.keys((JSON.parse(text) as { inputs: Record<string, unknown> }).inputs);
  return inputs.find((file) => file.startsWith('/') || file.startsWith('..') || file.includes('node_modules/'));
}

function outsideMessage(input: string): string {
  const name = packageOfFile(`/${input}`);
  const what = name ? `the package "${name}", imported by its path,` : `${JSON.stringify(input.replace(/^(\.\.\/)+/, '/'))}`;
  return `${what} is outside the submission: import the submission's own files by relative path and the challenge's packages by name.`;
}

/** The bundle's source map names each file as the submission does, relative to the entry's folder (where the bundle goes). */
function withSources(js: string, entryDir: string): string {
  return withSourceMapSources(js, (sources) => sources.map((source) => path.posix.relative(entryDir, source.replace(/^(\.\.\/)*in\//, ''))));
}
