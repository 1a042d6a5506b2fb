import { createRequire } from 'node:module';
import vm from 'node:vm';
import * as testApi from './test-api';
import type { TestFileSource, Visibility } from './protocol';

export interface LoadedTest extends testApi.RegisteredTest {
  file: string;
  visibility: Visibility;
}

const baseRequire = createRequire(__filename);

/**
 * Evaluates compiled test files in this (trusted) process, from memory: they are never written to disk,
 * so the candidate's process cannot read them. Names must be unique across files.
 */
export function loadTests(files: TestFileSource[]): LoadedTest[] {
  const all: LoadedTest[] = [];
  const seen = new Set<string>();
  for (const source of files) {
    const tests = testApi.collect(() => evaluate(source));
    for (const t of tests) {
      if (seen.has(t.name)) throw new Error(`Duplicate test name "${t.name}" in ${source.file}`);
      seen.add(t.name);
      all.push({ ...t, file: source.file, visibility: source.visibility });
    }
  }
  return all;
}

function evaluate(source: TestFileSource): void {
  const requireForTests = ((id: string) => (id === '@judge/test' ? testApi : baseRequire(id))) as NodeRequire;
  const module = { exports: {} };
  const fn = vm.compileFunction(source.code, ['exports', 'require', 'module', '__filename', '__dirname'], {
    filename: `/challenge/${source.file}`,
  });
  fn(module.exports, requireForTests, module, `/challenge/${source.file}`, '/challenge');
}
