/**
 * The candidates' package catalogue, in the real sandbox: every catalogue package loads (ESM-only ones too, through
 * require), the harness's own packages (eslint, expect, esbuild, typescript) are refused by name and by path with one
 * clear message naming the package and what is available, with no judge paths; a challenge's narrowed list holds for
 * Node and Python; ES modules with top-level await run.
 */
import path from 'node:path';
import { readChallengePackage, type ChallengePackage, type Manifest } from '../../core/challenges/challenge-package';
import { getConfig } from '../../core/platform/config';
import type { ResultV1 } from '../../core/results/verdicts';
import { createDocker } from '../../sandbox/docker-client';
import { judgeFiles } from '../../core/judging/judge-files';
import { candidatePackages } from '../../sandbox/harness/candidate-modules';

jest.setTimeout(180_000);

const config = getConfig();
const docker = createDocker(config.docker);
let pkg: ChallengePackage;
beforeAll(async () => {
  pkg = await readChallengePackage(path.join(__dirname, '..', 'fixtures', 'secrecy-probe'));
});

function judge(code: string, packages?: Manifest['packages'], language: 'typescript' | 'python' = 'typescript'): Promise<ResultV1> {
  const manifest = packages ? { ...pkg.manifest, packages } : pkg.manifest;
  const entry = language === 'python' ? 'src/solution.py' : 'src/solution.ts';
  return judgeFiles({ docker, config }, { manifest, tests: pkg.tests, plan: pkg.plan }, language, { [entry]: code }, {});
}

test('a solution importing every catalogue package is accepted', async () => {
  const imports = candidatePackages().map((name, i) => `import * as p${i} from '${name}';`).join('\n');
  const result = await judge(`${imports}
    const loaded = [${candidatePackages().map((_n, i) => `p${i}`).join(', ')}].filter((m) => m && Object.keys(m).length > 0).length;
    export function shout(x: string): string { return loaded === ${candidatePackages().length} ? x.toUpperCase() : 'missing ' + loaded; }`);
  expect([result.verdict, result.tests.filter((t) => t.status !== 'pass').map((t) => t.message)]).toEqual(['accepted', []]);
});

test.each(['eslint', 'expect', 'esbuild', 'typescript', 'left-pad'])('importing %s: one clear message, no judge paths', async (name) => {
  const result = await judge(`import * as m from '${name}'; void m; export function shout(x: string): string { return x.toUpperCase(); }`);
  expect(result.verdict).toBe('runtime_error');
  const text = JSON.stringify(result);
  expect(text).toContain(`the package \\"${name}\\" is not available in this challenge. Available: openai `);
  expect(text).toMatch(/ai 7\.\d+\.\d+, @ai-sdk\/openai 4\./);
  expect(text).not.toMatch(/\/sandbox\/|\/tmp\/work|Require stack|candidate-host/);
});

test.each(['/sandbox/node_modules/eslint', '/sandbox/node_modules/expect/build/index.js'])('requiring %s by its path: the same message', async (target) => {
  const result = await judge(`const m = require('${target}'); export function shout(x: string): string { return m ? x.toUpperCase() : ''; }`);
  expect([result.verdict, result.message]).toEqual(['runtime_error', expect.stringMatching(/the package "(eslint|expect)" is not available in this challenge\. Available: openai 6\./)]);
});

test('a challenge that lists openai and zod: they load; hono is refused once, naming only what the list allows', async () => {
  const narrow = { node: ['openai', 'zod'] };
  const ok = await judge(`import OpenAI from 'openai'; import { z } from 'zod'; const ready = Boolean(OpenAI && z.string());
    export function shout(x: string): string { return ready ? x.toUpperCase() : ''; }`, narrow);
  expect([ok.verdict, ok.message]).toEqual(['accepted', 'All tests passed.']);
  const refused = await judge(`import { Hono } from 'hono'; const app = new Hono(); export function shout(x: string): string { return app ? x.toUpperCase() : ''; }`, narrow);
  expect(refused.verdict).toBe('runtime_error');
  expect(refused.message).toMatch(/^The solution failed to load: Error: the package "hono" is not available in this challenge\. Available: openai 6\.\d+\.\d+, zod 4\.\d+\.\d+, and Node's built-in modules/);
  expect(refused.tests.filter((t) => t.message.includes('hono'))).toHaveLength(1);
});

test('Python: a challenge that lists pydantic only refuses numpy with the list and versions', async () => {
  const result = await judge('import numpy\n\ndef shout(x):\n    return x.upper()\n', { python: ['pydantic'] }, 'python');
  expect(result.verdict).toBe('runtime_error');
  expect(result.message).toMatch(/No module named 'numpy': it is not available in this challenge\. Available: pydantic 2\.[\d.]+, and Python's standard library\.$/);
});

test('an ES module with top-level await and a catalogue package runs in the sandbox', async () => {
  const result = await judge(`import OpenAI from 'openai';
    const client = new OpenAI();
    const models = await client.models.list().then((page) => page.data.length, () => -1);
    export function shout(x: string): string { return models > 0 && import.meta.url.startsWith('file:') ? x.toUpperCase() : String(models); }`);
  expect([result.verdict, result.tests.filter((t) => t.status !== 'pass').map((t) => t.message)]).toEqual(['accepted', []]);
});
