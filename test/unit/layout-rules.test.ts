/**
 * The layout's rules, checked on the source: SQL only in core's repositories, `sandbox/` independent of `core/`, no
 * import circle, and docs/architecture.md naming only files that exist.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const SOURCE_FOLDERS = ['api', 'core', 'worker', 'sandbox', 'scripts'];

function sourceFiles(folder: string): string[] {
  const entries = readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !path.join(e.parentPath, e.name).includes('node_modules'))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

/** Relative imports of a file (type-only ones too: a circle of types still ties the files together). */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
  return specifiers.flatMap((spec) => {
    const base = path.join(path.dirname(file), spec);
    const found = [`${base}.ts`, `${base}/index.ts`].find((candidate) => existsSync(path.join(ROOT, candidate)));
    return found ? [found.split(path.sep).join('/')] : [];
  });
}

/** Every strongly connected group of more than one file (Tarjan's algorithm). */
function importCircles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const circles: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, counter);
    low.set(file, counter++);
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!index.has(next)) visit(next);
      if (stack.includes(next)) low.set(file, Math.min(low.get(file)!, low.get(next)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      group.push(member);
    } while (member !== file);
    if (group.length > 1) circles.push(group.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return circles;
}

const files = SOURCE_FOLDERS.flatMap(sourceFiles);

test('no SQL statement outside core/ (api/ and worker/ call repositories)', () => {
  const sql = /\b(SELECT|INSERT|UPDATE|DELETE)\b/;
  const offending = files
    .filter((f) => f.startsWith('api/') || f.startsWith('worker/'))
    .flatMap((f) => readFileSync(path.join(ROOT, f), 'utf8').split('\n').map((line, i) => ({ at: `${f}:${i + 1}`, line })))
    .filter(({ line }) => sql.test(line))
    .map(({ at, line }) => `${at}: ${line.trim()}`);
  expect(offending).toEqual([]);
});

test('sandbox/ imports nothing from core/, api/ or worker/', () => {
  const offending = files
    .filter((f) => f.startsWith('sandbox/'))
    .flatMap((f) => importsOf(f).filter((target) => /^(core|api|worker)\//.test(target)).map((target) => `${f} → ${target}`));
  expect(offending).toEqual([]);
});

test('core/ imports nothing from api/, worker/ or scripts/', () => {
  const offending = files
    .filter((f) => f.startsWith('core/'))
    .flatMap((f) => importsOf(f).filter((target) => /^(api|worker|scripts)\//.test(target)).map((target) => `${f} → ${target}`));
  expect(offending).toEqual([]);
});

test('no import circle among api/, core/, worker/, sandbox/ and scripts/', () => {
  const graph = new Map(files.map((f) => [f, importsOf(f)]));
  expect(importCircles(graph)).toEqual([]);
});

test('every file path docs/architecture.md names exists', () => {
  const doc = readFileSync(path.join(ROOT, 'docs', 'architecture.md'), 'utf8');
  const named = [...doc.matchAll(/`((?:api|core|worker|sandbox|scripts|challenges|migrations|test|docs)\/[\w./-]+)`/g)].map((m) => m[1]!);
  const paths = [...new Set(named)].filter((p) => !p.includes('*') && !p.includes('<'));
  expect(paths.length).toBeGreaterThan(30);
  expect(paths.filter((p) => !existsSync(path.join(ROOT, p)))).toEqual([]);
});
