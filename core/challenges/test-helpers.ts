import path from 'node:path/posix';
import type ts from 'typescript';
import { transpile } from '../../sandbox/harness/transpile';
import type { PackageIssue } from './package-issues';

/** Where a package keeps the modules its test files may import. */
export const HELPERS_DIR = 'tests/helpers';

const HELPER_FILE = /\.(ts|js)$/;
const TEST_FILE = /\.test\.(ts|js)$/;
const RESOLVE_SUFFIXES = ['', '.ts', '.js', '/index.ts', '/index.js'];

/** One compiled module (a test file or a helper): its CommonJS code and where each relative import leads. */
export interface LinkableModule {
  code: string;
  /** Import specifier as written (`../helpers/proxy`) → the package path of the helper it names. */
  imports: Record<string, string>;
}

/** A package's helpers, by package path (`tests/helpers/proxy.ts`). */
export type Helpers = Record<string, LinkableModule>;

let typescript: typeof ts | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- TypeScript (~140 ms to load) only when a package has helpers
const loadTypeScript = () => (typescript ??= require('typescript') as typeof ts);

/** The specifiers a source file imports, requires or re-exports (type-only imports included). */
function importedSpecifiers(source: string): string[] {
  return loadTypeScript().preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

/**
 * Resolves each relative import of `file` to a helper; anything else relative (a missing file, another test file,
 * a path outside `tests/helpers/`) is an issue. Bare specifiers (`@judge/test`, `node:…`) are left to the harness.
 */
export function resolveImports(file: string, source: string, helperPaths: Set<string>, issues: PackageIssue[]): Record<string, string> {
  const imports: Record<string, string> = {};
  for (const specifier of importedSpecifiers(source)) {
    if (!specifier.startsWith('./') && !specifier.startsWith('../')) continue;
    const base = path.normalize(path.join(path.dirname(file), specifier));
    const target = RESOLVE_SUFFIXES.map((suffix) => base + suffix).find((p) => helperPaths.has(p));
    if (target) imports[specifier] = target;
    else issues.push({ path: file, problem: `imports "${specifier}", which is not a helper under ${HELPERS_DIR}/`, expected: `relative imports only of helper modules (.ts or .js) under ${HELPERS_DIR}/, e.g. "../helpers/http"` });
  }
  return imports;
}

/** Compiles every file under `tests/helpers/` and resolves their imports; a test file or non-code file there is an issue. */
export function compileHelpers(files: Record<string, string>, issues: PackageIssue[]): Helpers {
  const sources = Object.entries(files).filter(([file]) => file.startsWith(`${HELPERS_DIR}/`)).sort(([a], [b]) => a.localeCompare(b));
  const usable = sources.filter(([file]) => {
    if (TEST_FILE.test(file)) {
      issues.push({ path: file, problem: 'a test file among the helpers', expected: 'test files under tests/public or tests/hidden; tests/helpers holds only modules they import' });
      return false;
    }
    if (!HELPER_FILE.test(file)) {
      issues.push({ path: file, problem: 'not a helper module', expected: `only .ts or .js modules under ${HELPERS_DIR}/` });
      return false;
    }
    return true;
  });
  const helperPaths = new Set(usable.map(([file]) => file));
  const helpers: Helpers = {};
  for (const [file, source] of usable) {
    const { js, errors } = transpile(file, source);
    if (errors.length > 0) issues.push({ path: file, problem: `does not compile: ${errors.join('; ')}`, expected: 'a helper module that compiles' });
    helpers[file] = { code: js, imports: resolveImports(file, source, helperPaths, issues) };
  }
  return helpers;
}

/** Every helper `entry` reaches through its imports, each once (cycles allowed). */
function reachableHelpers(entry: LinkableModule, helpers: Helpers): string[] {
  const seen = new Set<string>();
  const pending = Object.values(entry.imports);
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (seen.has(next) || !helpers[next]) continue;
    seen.add(next);
    pending.push(...Object.values(helpers[next].imports));
  }
  return [...seen].sort();
}

/** A module as an entry of the linked file's table: its factory (CommonJS wrapper) and its import map. */
function moduleEntry(file: string, module: LinkableModule): string {
  return `${JSON.stringify(file)}: [function (exports, require, module, __filename, __dirname) {\n${module.code}\n}, ${JSON.stringify(module.imports)}]`;
}

/**
 * Loads the table's modules on demand with CommonJS semantics (one instance per test file, cycles see partial
 * exports); a specifier outside a module's import map falls through to the harness's `require`.
 */
const LOADER = `(function (modules, entry, outerRequire, outerModule) {
  var cache = {};
  function run(file, mod) {
    cache[file] = mod;
    var table = modules[file][1];
    var localRequire = function (id) {
      var target = table[id];
      if (target === undefined) return outerRequire(id);
      if (!cache[target]) run(target, { exports: {} });
      return cache[target].exports;
    };
    var where = '/challenge/' + file;
    modules[file][0].call(mod.exports, mod.exports, localRequire, mod, where, where.slice(0, where.lastIndexOf('/')));
  }
  run(entry, outerModule);
})`;

/**
 * One self-contained CommonJS file of a test file and the helpers it reaches, so the harness evaluates it from
 * memory exactly like a test file without helpers (the protocol carries no separate helper files). A test file that
 * imports no helper is returned unchanged.
 */
export function linkTestFile(file: string, test: LinkableModule, helpers: Helpers): string {
  const reached = reachableHelpers(test, helpers);
  if (reached.length === 0) return test.code;
  const table = [moduleEntry(file, test), ...reached.map((h) => moduleEntry(h, helpers[h]))].join(',\n');
  // The test file comes first, so its line numbers in stack traces move by only three.
  return `"use strict";\nvar __judgeModules = {\n${table}\n};\n${LOADER}(__judgeModules, ${JSON.stringify(file)}, require, module);\n`;
}
