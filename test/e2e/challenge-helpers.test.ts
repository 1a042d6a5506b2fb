/**
 * `tests/helpers/` modules: linked into each test file that imports them (per-file instances, transitive imports,
 * cycles), never test files themselves nor shown to candidates, and every bad import or helper reported as an issue.
 * The last test collects a plan in a sandbox container, as an upload does.
 */
import { parsePackageFiles } from '../../core/challenges/challenge-package';
import { collectPlanInSandbox } from '../../core/challenges/sandboxed-test-plan';
import { getConfig } from '../../core/platform/config';
import { createDocker } from '../../sandbox/docker-client';
import { transpile } from '../../sandbox/harness/transpile';
import { scaffoldFiles } from '../helpers/challenge-packages';

let base: Record<string, string>;
beforeAll(async () => {
  base = await scaffoldFiles('helper-probe');
});

const COUNTER = 'let n = 0;\nexport function next(): number {\n  return ++n;\n}\n';
const usesCounter = (label: string) => `import { test, expect } from '@judge/test';
import { next } from '../helpers/counter';
import { shout } from '../helpers/words';
test('${label} sees ' + next() + ' then ' + next(), () => expect(shout('a')).toBe('A!'));
`;
const WORDS = "import { bang } from './punctuation';\nexport const shout = (s: string): string => s.toUpperCase() + bang();\n";
// punctuation/index.ts imports words back: a cycle, resolved as CommonJS resolves one
const PUNCTUATION = "import * as words from '../words';\nexport const bang = (): string => (typeof words === 'object' ? '!' : '?');\n";

function withHelpers(extra: Record<string, string>): Record<string, string> {
  return {
    ...base,
    'tests/helpers/counter.ts': COUNTER,
    'tests/helpers/words.ts': WORDS,
    'tests/helpers/punctuation/index.ts': PUNCTUATION,
    'tests/hidden/a.test.ts': usesCounter('a'),
    'tests/hidden/b.test.ts': usesCounter('b'),
    ...extra,
  };
}

const issuesOf = (files: Record<string, string>) => parsePackageFiles(files).issues.map((i) => `${i.path}: ${i.problem}`);

describe('a package with helpers', () => {
  test('each test file gets its own instance of the helpers it reaches; helpers are not tests and not shown', () => {
    const { pkg, issues } = parsePackageFiles(withHelpers({}));
    expect(issues).toEqual([]);
    const names = pkg!.plan.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['a sees 1 then 2', 'b sees 1 then 2']));
    expect(pkg!.plan.map((p) => p.file).filter((f) => f.includes('helpers'))).toEqual([]);
    expect(pkg!.tests.map((t) => t.file).sort()).toEqual(['tests/hidden/a.test.ts', 'tests/hidden/b.test.ts', 'tests/hidden/rules.test.ts', 'tests/public/examples.test.ts']);
    expect(Object.keys(pkg!.publicTests)).toEqual(['examples.test.ts']);
  });

  test('a test that uses a helper runs in-process with it', async () => {
    const { loadTests } = await import('../../sandbox/harness/load-tests');
    const { pkg } = parsePackageFiles(withHelpers({}));
    const [a] = loadTests(pkg!.tests.filter((t) => t.file === 'tests/hidden/a.test.ts'));
    await expect(Promise.resolve(a!.fn())).resolves.toBeUndefined();
  });

  test('a test file without helper imports is compiled exactly as before; a changed helper changes the content hash', () => {
    const { pkg } = parsePackageFiles(withHelpers({}));
    const rules = pkg!.tests.find((t) => t.file === 'tests/hidden/rules.test.ts')!;
    expect(rules.code).toBe(transpile('tests/hidden/rules.test.ts', base['tests/hidden/rules.test.ts']!).js);
    const changed = parsePackageFiles(withHelpers({ 'tests/helpers/counter.ts': `${COUNTER}// v2\n` })).pkg!;
    expect(changed.contentHash).not.toBe(pkg!.contentHash);
    expect(parsePackageFiles(base).pkg!.contentHash).not.toBe(pkg!.contentHash);
  });
});

describe('bad helpers and imports are issues', () => {
  test('an import that names no helper, from a test file or a helper', () => {
    const issues = issuesOf(withHelpers({
      'tests/hidden/c.test.ts': "import { test } from '@judge/test';\nimport { x } from '../helpers/nope';\ntest('c', () => x);\n",
      'tests/helpers/words.ts': `import { y } from './missing';\n${WORDS}`,
    }));
    expect(issues).toEqual([
      expect.stringContaining('tests/helpers/words.ts: imports "./missing", which is not a helper under tests/helpers/'),
      expect.stringContaining('tests/hidden/c.test.ts: imports "../helpers/nope"'),
    ]);
  });

  test('a sibling module or another test file is not importable', () => {
    const issues = issuesOf(withHelpers({
      'tests/hidden/util.ts': 'export const u = 1;\n',
      'tests/hidden/c.test.ts': "import { test } from '@judge/test';\nimport { u } from './util';\nimport '../public/examples.test';\ntest('c', () => u);\n",
    }));
    expect(issues).toEqual([
      'tests/hidden/c.test.ts: imports "./util", which is not a helper under tests/helpers/',
      'tests/hidden/c.test.ts: imports "../public/examples.test", which is not a helper under tests/helpers/',
    ]);
  });

  test('a helper that does not compile, a test file or a non-module among the helpers', () => {
    const issues = issuesOf(withHelpers({
      'tests/helpers/counter.ts': 'export function next( {',
      'tests/helpers/extra.test.ts': "import { test } from '@judge/test';\ntest('x', () => undefined);\n",
      'tests/helpers/data.json': '{}',
    }));
    expect(issues).toEqual([
      'tests/helpers/data.json: not a helper module',
      'tests/helpers/extra.test.ts: a test file among the helpers',
      expect.stringMatching(/^tests\/helpers\/counter\.ts: does not compile: tests\/helpers\/counter\.ts\(1,\d+\): error TS/),
    ]);
  });

  test('a helper whose top level throws fails loading the tests', () => {
    const issues = issuesOf(withHelpers({ 'tests/helpers/counter.ts': `throw new Error('helper boom');\n${COUNTER}` }));
    expect(issues).toEqual(['tests: loading the tests failed: helper boom']);
  });
});

test('the sandbox collects the plan of linked test files as the host does (uploads)', async () => {
  const config = getConfig();
  const { pkg } = parsePackageFiles(withHelpers({}));
  const planned = await collectPlanInSandbox({ docker: createDocker(config.docker), config }, pkg!.tests);
  expect(planned).toEqual({ plan: pkg!.plan });
});
