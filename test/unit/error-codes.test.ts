import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ERROR_CODES } from '../../core/platform/error-codes';

const ROOT = path.resolve(__dirname, '..', '..');

function sources(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

test('every error code the source raises is in ERROR_CODES (the OpenAPI enum)', () => {
  const raised = new Set<string>();
  for (const file of [...sources('api'), ...sources('core')]) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/AppError\(\s*\d{3},\s*'([a-z_]+)'/g)) raised.add(m[1]!);
    for (const m of text.matchAll(/\[\d{3}, '([a-z_]+)',/g)) raised.add(m[1]!);
  }
  for (const m of readFileSync(path.join(ROOT, 'core/authoring/archive/archive-error.ts'), 'utf8').matchAll(/'((?:not_an|archive)_[a-z_]+)'/g)) raised.add(m[1]!);
  expect(raised.size).toBeGreaterThan(30);
  expect([...raised].filter((code) => !(ERROR_CODES as readonly string[]).includes(code)).sort()).toEqual([]);
});
