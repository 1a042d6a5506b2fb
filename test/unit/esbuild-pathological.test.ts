/** Files that would cost esbuild minutes or hundreds of MB go straight to TypeScript (sandbox/harness/esbuild-transpile.ts). */
import { isPathological } from '../../sandbox/harness/esbuild-transpile';

test('ordinary code, comments and closing brackets without openers are not pathological', () => {
  expect(isPathological('export function f(a: number[][]) { return a.map((r) => r.filter((x) => x > 0)); }')).toBe(false);
  expect(isPathological(`// ${'-'.repeat(120)}\nlet i = 0; i--; i++; const ok = !!i;`)).toBe(false);
  expect(isPathological(')'.repeat(10_000))).toBe(false);
});

test('deep nesting and long runs of prefix operators are', () => {
  expect(isPathological(`export const x = ${'('.repeat(300)}1${')'.repeat(300)};`)).toBe(true);
  expect(isPathological(`export const x = ${'['.repeat(300)}${']'.repeat(300)};`)).toBe(true);
  expect(isPathological(`export const x = ${'!'.repeat(300)}1;`)).toBe(true);
  expect(isPathological(`export const x = ${'-'.repeat(300)}1;`)).toBe(true);
});
