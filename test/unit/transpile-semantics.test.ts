/**
 * esbuild compiles candidates' files in the common case and TypeScript is the fallback (sandbox/harness/
 * compile-candidate.ts). Each case here is compiled both ways and run in a fresh Node; the two runs must behave alike,
 * or the difference is listed in DIFFERENCES with the reason it is accepted. Syntax errors must read as TypeScript's.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { compileCandidate } from '../../sandbox/harness/compile-candidate';
import { transpileWithEsbuild } from '../../sandbox/harness/esbuild-transpile';
import { outputPath, transpile } from '../../sandbox/harness/transpile';

type Files = Record<string, string>;

const LIB_CJS = 'module.exports = function greet() { return "hi"; };\nmodule.exports.named = "n";\n';
const LIB_ESM_AS_CJS = 'Object.defineProperty(exports, "__esModule", { value: true });\nexports.default = "dflt";\nexports.other = "o";\n';

/** Each case's main.ts exports `result` (a value, or a function returning one, possibly async). */
const CASES: Record<string, Files> = {
  enum: { 'main.ts': 'enum E { A, B, C = "c" }\nexport const result = [E.A, E[1], E.C, Object.keys(E)];' },
  constEnumSameFile: { 'main.ts': 'const enum C { X = 3, Y = X * 2 }\nexport const result = [C.X, C.Y];' },
  constEnumAcrossFiles: {
    'colors.ts': 'export const enum Color { Red = 1, Blue = 2 }',
    'main.ts': 'import { Color } from "./colors";\nexport const result = () => [Color.Red, Color.Blue];',
  },
  namespace: {
    'main.ts': 'namespace N { export const v = 1; export function f() { return v + 1; } }\nnamespace N { export const w = f() + 1; }\n' +
      'function g() { return 1; }\nnamespace g { export const extra = 2; }\nexport const result = [N.v, N.f(), N.w, g(), g.extra];',
  },
  classFields: {
    'main.ts': [
      'class Base { x = 1; constructor() { (this as any).seen = (this as any).y; } }',
      'class Derived extends Base { y = 2; declare x: number; }',
      'class Params { total: number; constructor(public a: number, private readonly b = 3) { this.total = a + b; } sum() { return this.a + this.b; } }',
      'class Order { log: string[] = []; first = this.log.push("first"); constructor(public p: number) { this.log.push("ctor"); } }',
      'class Statics { static count = 0; static { Statics.count = 5; } #secret = 7; reveal() { return this.#secret; } }',
      'const d = new Derived(); const p = new Params(1); const o = new Order(9);',
      'export const result = [d.x, d.y, (d as any).seen, Object.keys(d), p.total, p.sum(), Object.keys(p), o.log, o.p, Statics.count, new Statics().reveal()];',
    ].join('\n'),
  },
  defaultImportOfCommonJs: {
    'lib.js': LIB_CJS,
    'esm-like.js': LIB_ESM_AS_CJS,
    'main.ts': 'import greet, { named } from "./lib";\nimport * as ns from "./lib";\nimport dflt, { other } from "./esm-like";\nimport path from "node:path";\n' +
      'export const result = [greet(), named, typeof ns, typeof ns.default, (ns as any).named, dflt, other, path.join("a", "b")];',
  },
  importEqualsRequire: {
    'lib.js': LIB_CJS,
    'main.ts': 'import lib = require("./lib");\nimport fs = require("node:fs");\nexport const result = [lib(), (lib as any).named, typeof fs.readFileSync];',
  },
  exportEquals: {
    'thing.ts': 'const thing = { a: 1, f() { return 2; } };\nexport = thing;',
    'main.ts': 'import thing = require("./thing");\nexport const result = [thing.a, thing.f()];',
  },
  typeOnlyImportsAreElided: {
    'side.ts': '(globalThis as any).sideEffectRan = ((globalThis as any).sideEffectRan ?? 0) + 1;\nexport interface Shape { n: number }\nexport type Alias = string;',
    'main.ts': 'import { Shape, Alias } from "./side";\nconst s: Shape = { n: 1 };\nconst a: Alias = "x";\nexport const result = [s.n, a, (globalThis as any).sideEffectRan ?? 0];',
  },
  sideEffectImportKept: {
    'side.ts': '(globalThis as any).sideRan = true;',
    'main.ts': 'import "./side";\nexport const result = (globalThis as any).sideRan === true;',
  },
  reexportsAndLiveBindings: {
    'counter.ts': 'export let count = 0;\nexport function inc() { count++; }\nexport default class Counter { static kind = "c"; }',
    'index.ts': 'export * from "./counter";\nexport { default as Counter, inc as increment } from "./counter";',
    'main.ts': 'import { count, inc, increment, Counter } from "./index";\nimport * as all from "./index";\n' +
      'export const result = () => { const before = count; inc(); increment(); return [before, count, all.count, Counter.kind, Object.keys(all).sort()]; };',
  },
  strictMode: {
    'main.ts': 'export const result = () => { try { undeclared = 1; return "sloppy"; } catch (e) { return (e as Error).name; } };\ndeclare let undeclared: number;',
  },
  strictModeInScripts: {
    'main.js': 'var fn = function () { return this; };\nexports.result = [fn() === undefined];',
  },
  asyncAndModernSyntax: {
    'main.ts': 'async function* gen() { yield 1; yield 2; }\n' +
      'export async function result() { const out: number[] = []; for await (const v of gen()) out.push(v); const o: { a?: { b?: number } } = {}; return [out, o.a?.b ?? "none", [1, 2, 3].at(-1), Object.hasOwn({ k: 1 }, "k")]; }',
  },
  decorators: {
    'main.ts': [
      'const calls: string[] = [];',
      'function logged<T extends (...args: any[]) => any>(fn: T, ctx: ClassMethodDecoratorContext) { return function (this: unknown, ...args: any[]) { calls.push(String(ctx.name)); return fn.apply(this, args); } as T; }',
      'function tagged<T extends new (...args: any[]) => object>(cls: T, ctx: ClassDecoratorContext) { calls.push("class:" + String(ctx.name)); return cls; }',
      '@tagged class Service { @logged run(x: number) { return x * 2; } }',
      'export const result = () => { const r = new Service().run(21); return [r, calls]; };',
    ].join('\n'),
  },
  assignToImportedNamespace: {
    'm.ts': 'export let x = 1;\nexport const getX = () => x;',
    'main.ts': 'import * as m from "./m";\nexport const result = () => { try { (m as any).x = 2; return ["assigned", m.x, m.getX()]; } catch (e) { return [(e as Error).name, m.x, m.getX()]; } };',
  },
  errorStackNamesTheSource: {
    'src/deep/thrower.ts': 'export function boom(): never {\n  throw new Error("boom");\n}',
    'main.ts': 'import { boom } from "./src/deep/thrower";\nexport const result = () => { try { boom(); } catch (e) { return /thrower\\.ts:2:\\d+/.exec((e as Error).stack ?? "")?.[0]; } };',
  },
};

/** Accepted differences, each with its reason. */
const DIFFERENCES: Record<string, { typescript: unknown; esbuild: unknown }> = {
  // esbuild's exports are getters on the module object (ES module semantics: an importer cannot assign to an
  // imported binding); TypeScript's are plain properties of `exports`, which its output also reads for exported
  // `let`s, so the assignment changes the module. Only code writing to an imported namespace sees this, and real ES
  // modules throw there too.
  assignToImportedNamespace: {
    typescript: { value: ['assigned', 2, 2] },
    esbuild: { value: ['TypeError', 1, 1] },
  },
};

const DRIVER = `
const path = require('node:path');
(async () => {
  const out = {};
  for (const name of process.argv.slice(2)) {
    try {
      const mod = require(path.resolve(name, 'main.js'));
      const value = typeof mod.result === 'function' ? await mod.result() : mod.result;
      out[name] = { value };
    } catch (error) {
      out[name] = { error: error.name + ': ' + error.message };
    }
  }
  process.stdout.write(JSON.stringify(out));
})();
`;

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'transpile-semantics-'));
  await chmod(root, 0o755); // esbuild may run under another uid (see the last test)
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function writeTree(dir: string, files: Files): Promise<void> {
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content);
  }
}

/** Runs every case's compiled `main.js` in one fresh Node (--enable-source-maps, as the candidate's process runs). */
async function runAll(base: string): Promise<Record<string, unknown>> {
  await writeFile(path.join(base, 'driver.js'), DRIVER);
  const { stdout } = await promisify(execFile)(process.execPath, ['--enable-source-maps', 'driver.js', ...Object.keys(CASES)], { cwd: base });
  return JSON.parse(stdout) as Record<string, unknown>;
}

test('esbuild output behaves as TypeScript output for typical candidate code', async () => {
  for (const [name, files] of Object.entries(CASES)) {
    const code = Object.entries(files);
    const esbuild = await transpileWithEsbuild(code, { scratchDir: path.join(root, 'scratch') });
    expect({ name, compiled: esbuild !== undefined }).toEqual({ name, compiled: true });
    const viaTs: Files = {};
    const viaEsbuild: Files = {};
    for (const [file, source] of code) {
      viaTs[outputPath(file)] = transpile(file, source).js;
      viaEsbuild[outputPath(file)] = esbuild!.get(file)!;
    }
    await writeTree(path.join(root, 'typescript', name), viaTs);
    await writeTree(path.join(root, 'esbuild', name), viaEsbuild);
  }
  const byTs = await runAll(path.join(root, 'typescript'));
  const byEsbuild = await runAll(path.join(root, 'esbuild'));
  for (const name of Object.keys(CASES)) {
    const expected = DIFFERENCES[name] ?? { typescript: byTs[name], esbuild: byTs[name] };
    expect({ name, typescript: byTs[name], esbuild: byEsbuild[name] }).toEqual({ name, ...expected });
    expect({ name, threw: JSON.stringify(byTs[name]).includes('"error"') }).toEqual({ name, threw: false });
  }
});

/** Sources esbuild rejects: TypeScript reports them in today's format (and is the authority on what runs). */
const BROKEN: Record<string, { files: Files; message: string }> = {
  missingExpression: { files: { 'src/a.ts': 'export const x = ;\n' }, message: 'src/a.ts(1,18): error TS1109: Expression expected.' },
  unclosedBrace: {
    files: { 'src/ok.ts': 'export const fine = 1;\n', 'src/b.ts': 'export function f() {\n  return 1;\n' },
    message: "src/b.ts(3,1): error TS1005: '}' expected.",
  },
  jsxInTs: { files: { 'src/a.ts': 'export const el = <div>hi</div>;\n' }, message: 'src/a.ts(1,' },
};

test.each(Object.entries(BROKEN))('a syntax error (%s) gives TypeScript\'s message', async (name, { files, message }) => {
  const entry = Object.keys(files).at(-1)!;
  const outcome = await compileCandidate(files, entry, { outDir: path.join(root, 'broken', name), scratchDir: path.join(root, 'scratch') });
  const typescriptErrors = Object.entries(files).flatMap(([file, source]) => transpile(file, source).errors).join('\n');
  expect(outcome).toEqual({ ok: false, message: typescriptErrors, compiler: 'typescript' });
  expect(typescriptErrors.slice(0, message.length)).toBe(message);
});

test('what CommonJS cannot hold (top-level await, import.meta) is bundled as one ES module with esbuild', async () => {
  const awaits = await compileCandidate({ 'a.ts': 'await Promise.resolve(1);\nexport {};\n' }, 'a.ts', { outDir: path.join(root, 'tla'), scratchDir: path.join(root, 'scratch') });
  expect(awaits).toEqual({ ok: true, compiler: 'esbuild', entryPath: path.join(root, 'tla', 'a.mjs') });
  expect(await readFile(path.join(root, 'tla', 'a.mjs'), 'utf8')).toContain('await Promise.resolve(1)');
  const meta = await compileCandidate({ 'a.ts': 'export const url = import.meta.url;\n' }, 'a.ts', { outDir: path.join(root, 'meta'), scratchDir: path.join(root, 'scratch') });
  expect(meta).toEqual({ ok: true, compiler: 'esbuild', entryPath: path.join(root, 'meta', 'a.mjs') });
  expect(await readFile(path.join(root, 'meta', 'a.mjs'), 'utf8')).toContain('import.meta.url');
});

test('paths esbuild would read as options, out=in pairs or globs go to TypeScript', async () => {
  const outcome = await compileCandidate({ 'a=b.ts': 'export const x = 1;', 'main.ts': 'export * from "./a=b";' }, 'main.ts',
    { outDir: path.join(root, 'odd-paths'), scratchDir: path.join(root, 'scratch') });
  expect(outcome).toMatchObject({ ok: true, compiler: 'typescript' });
  expect(await readFile(path.join(root, 'odd-paths', 'a=b.js'), 'utf8')).toContain('exports.x = 1');
});

test('the common case compiles with esbuild, under another uid when running as root, and leaves no scratch files', async () => {
  const uid = process.getuid?.() === 0 ? 65534 : undefined;
  const outDir = path.join(root, 'common');
  const scratchDir = path.join(root, 'scratch-common');
  const outcome = await compileCandidate({ 'src/main.ts': 'import { two } from "./two";\nexport const four = two * 2;', 'src/two.ts': 'export const two: number = 2;', 'data.json': '{}' },
    'src/main.ts', { outDir, scratchDir, uid });
  expect(outcome).toEqual({ ok: true, entryPath: path.join(outDir, 'src/main.js'), compiler: 'esbuild' });
  expect(await readFile(path.join(outDir, 'data.json'), 'utf8')).toBe('{}');
  await expect(stat(scratchDir)).rejects.toThrow(/ENOENT/);
});
