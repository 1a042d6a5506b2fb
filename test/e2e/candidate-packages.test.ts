/**
 * The Node candidates' package catalogue, in the real sandbox: every catalogue package loads (ESM-only ones too,
 * through require), and the harness's own packages (eslint, expect, esbuild, typescript) are refused with one clear
 * message naming the package and what is available, with no judge paths.
 */
import path from 'node:path';
import { readChallengePackage, type ChallengePackage } from '../../core/challenges/challenge-package';
import { getConfig } from '../../core/platform/config';
import type { ResultV1 } from '../../core/results/verdicts';
import { createDocker } from '../../sandbox/docker-client';
import { judgeFiles } from '../../core/judging/judge-files';
import { candidatePackages } from '../../sandbox/harness/candidate-modules';

jest.setTimeout(180_000);

const config = getConfig();
const docker = createDocker(config.DOCKER_SOCKET);
let pkg: ChallengePackage;
beforeAll(async () => {
  pkg = await readChallengePackage(path.join(__dirname, '..', 'fixtures', 'secrecy-probe'));
});

function judge(code: string): Promise<ResultV1> {
  return judgeFiles({ docker, config }, { manifest: pkg.manifest, tests: pkg.tests, plan: pkg.plan }, 'typescript', { 'src/solution.ts': code }, {});
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
  expect(text).toContain(`the package \\"${name}\\" is not available in the sandbox. Available: openai `);
  expect(text).toMatch(/ai 7\.\d+\.\d+, @ai-sdk\/openai 4\./);
  expect(text).not.toMatch(/\/sandbox\/|\/tmp\/work|Require stack|candidate-host/);
});
