/**
 * V8 code cache for the harness's own modules (Node 20 has no built-in compile cache): expect, the mock LLM, the
 * harness, and TypeScript's compiler for the runs that need it (esbuild compiles the candidate's files in the common
 * case and TypeScript loads only when esbuild refused a file; loading it costs ~140 ms of CPU, ~55 ms from the
 * bytecode cached at image build time). Only files under the image's /sandbox folder are cached, the cache is
 * read-only in the image, and V8 rejects a cache made by another Node binary or other flags (the module then compiles
 * normally), so a stale cache is slow, never wrong.
 *
 * Importing this module installs the hook; import it before anything else.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

const SANDBOX_ROOT = path.resolve(__dirname, '..', '..');
export const CODE_CACHE_DIR = path.join(SANDBOX_ROOT, 'code-cache');

interface CjsModule {
  exports: unknown;
  require(id: string): unknown;
  _compile(content: string, filename: string): unknown;
}
type ModuleInternals = typeof Module & {
  prototype: CjsModule;
  _resolveFilename(request: string, parent: CjsModule, isMain: boolean, options?: unknown): string;
  _extensions: unknown;
  _cache: unknown;
};
const internals = Module as ModuleInternals;

const recorded = new Map<string, vm.Script>();
let recording = false;

const cacheFile = (filename: string) =>
  path.join(CODE_CACHE_DIR, `${createHash('sha1').update(path.relative(SANDBOX_ROOT, filename)).digest('hex')}.bin`);

function readCache(filename: string): Buffer | undefined {
  try {
    return readFileSync(cacheFile(filename));
  } catch {
    return undefined;
  }
}

function requireFor(mod: CjsModule): NodeJS.Require {
  const require = ((id: string) => mod.require(id)) as NodeJS.Require;
  require.resolve = ((request: string, options?: unknown) => internals._resolveFilename(request, mod, false, options)) as NodeJS.RequireResolve;
  require.main = process.mainModule;
  require.extensions = internals._extensions as NodeJS.RequireExtensions;
  require.cache = internals._cache as NodeJS.Dict<NodeModule>;
  return require;
}

// eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be called with .call(this, …) below
const originalCompile = internals.prototype._compile;
internals.prototype._compile = function compileWithCache(this: CjsModule, content: string, filename: string) {
  if (!filename.startsWith(SANDBOX_ROOT + path.sep)) return originalCompile.call(this, content, filename);
  const cachedData = recording ? undefined : readCache(filename);
  if (!cachedData && !recording) return originalCompile.call(this, content, filename);
  const script = new vm.Script(Module.wrap(content.replace(/^#!.*/, '')), { filename, cachedData });
  if (recording) recorded.set(filename, script);
  const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
  return wrapper.call(this.exports, this.exports, requireFor(this), this, filename, path.dirname(filename));
};

/** Build time: from now on, remember every compiled module so `writeCodeCache` can store its bytecode. */
export function recordCodeCache(): void {
  recording = true;
}

/** Build time: writes the bytecode of every module compiled since `recordCodeCache` (after they ran, so it is warm). */
export function writeCodeCache(): number {
  mkdirSync(CODE_CACHE_DIR, { recursive: true });
  for (const [filename, script] of recorded) writeFileSync(cacheFile(filename), script.createCachedData());
  return recorded.size;
}
