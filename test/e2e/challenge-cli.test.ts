/**
 * The authoring CLI through the real sandbox: every family's scaffold passes the publish gate as generated; init
 * refuses an existing folder and a bad slug; unknown commands and flags are usage errors (exit 2).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getConfig } from '../../core/platform/config';
import { createDocker } from '../../sandbox/docker-client';
import { FAMILIES, parseCliArgs, UsageError, type Family } from '../../scripts/challenge-cli/cli-args-parser';
import type { Language } from '../../sandbox/harness/protocol';
import { initChallenge, InitError } from '../../scripts/challenge-cli/init-command';
import { runCli } from '../../scripts/challenge-cli/run-cli';
import { testChallenge } from '../../scripts/challenge-cli/test-command';

const deps = { docker: createDocker(getConfig().docker), config: getConfig() };
const quiet = { log: () => undefined, error: () => undefined, table: () => undefined };
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'challenge-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('challenge init + test', () => {
  test.concurrent.each(FAMILIES.map((family) => [family]))('the %s scaffold passes the publish gate (2 runs)', async (family) => {
    const slug = `scaffold-${family}`;
    const { folder, files } = await initChallenge({ slug, family, dir });
    expect(files).toEqual(expect.arrayContaining(['challenge.json', 'statement.md', 'solutions/reference/expected.json']));
    const manifest = JSON.parse(await readFile(path.join(folder, 'challenge.json'), 'utf8'));
    expect(manifest).toMatchObject({ slug, family, title: `Scaffold ${family}` });
    expect(await readFile(path.join(folder, 'statement.md'), 'utf8')).toContain('## Environment');
    const { pkg, rows, ok } = await testChallenge(folder, 2, deps);
    expect(rows.map((r) => ({ solution: r.solution, ok: r.ok, problem: r.problem }))).toEqual(rows.map((r) => ({ solution: r.solution, ok: true, problem: '' })));
    expect(ok).toBe(true);
    expect(rows).toHaveLength(3);
    expect(rows.find((r) => r.solution === 'reference-javascript')).toMatchObject({ expected: 'accepted', verdict: 'accepted', runs: 2, runsAsExpected: 2 });
    expect(pkg.plan.filter((p) => p.visibility === 'public').length).toBeGreaterThanOrEqual(1);
    expect(pkg.plan.filter((p) => p.visibility === 'hidden').length).toBeGreaterThanOrEqual(2);
  }, 60_000);
});

describe('challenge init --languages … python + test', () => {
  const cases: Array<[Family, Language[]]> = [...FAMILIES.map((f): [Family, Language[]] => [f, ['typescript', 'python']]), ['data', ['python']]];
  test.each(cases)('the %s scaffold in %j passes the publish gate (2 runs), Python reference and known-bad judged', async (family, languages) => {
    const slug = `scaffold-${family}-${languages.join('-')}`;
    expect(await runCli(['challenge', 'init', slug, '--family', family, '--languages', languages.join(','), '--dir', dir], quiet)).toBe(0);
    const folder = path.join(dir, slug);
    const { rows, ok } = await testChallenge(folder, 2, deps);
    expect(rows.map((r) => ({ solution: r.solution, ok: r.ok, problem: r.problem }))).toEqual(rows.map((r) => ({ solution: r.solution, ok: true, problem: '' })));
    expect(ok).toBe(true);
    const python = rows.filter((r) => /python/.test(r.solution) || (languages.length === 1 && r.solution === 'reference'));
    expect(python.map((r) => [r.solution, r.expected, r.verdict, r.runs])).toEqual(expect.arrayContaining([
      [languages.includes('typescript') ? 'reference-python' : 'reference', 'accepted', 'accepted', 2],
      [expect.stringMatching(/-python$/), 'partial', 'partial', 1],
    ]));
  }, 180_000);
});

describe('challenge init --languages javascript + test', () => {
  test('the data scaffold in JavaScript alone passes the publish gate (2 runs), its JavaScript reference being the reference', async () => {
    const slug = 'scaffold-data-javascript';
    expect(await runCli(['challenge', 'init', slug, '--family', 'data', '--languages', 'javascript', '--dir', dir], quiet)).toBe(0);
    const { rows, ok } = await testChallenge(path.join(dir, slug), 2, deps);
    expect(rows.map((r) => [r.solution, r.expected, r.verdict, r.runs, r.ok, r.problem])).toEqual([['reference', 'accepted', 'accepted', 2, true, '']]);
    expect(ok).toBe(true);
  }, 120_000);
});

describe('challenge init refusals', () => {
  test('refuses a folder that exists', async () => {
    await initChallenge({ slug: 'twice', family: 'data', dir });
    await expect(initChallenge({ slug: 'twice', family: 'rag', dir })).rejects.toBeInstanceOf(InitError);
    expect(await runCli(['challenge', 'init', 'twice', '--family', 'data', '--dir', dir], quiet)).toBe(1);
  });

  test('refuses a slug the manifest would refuse, and writes nothing', async () => {
    for (const slug of ['Bad_Slug', '-dash', 'a', '../escape', 'x'.repeat(64)]) {
      await expect(initChallenge({ slug, family: 'data', dir })).rejects.toBeInstanceOf(InitError);
      expect(existsSync(path.join(dir, slug))).toBe(false);
    }
  });
});

describe('command line', () => {
  test('parses init and test with defaults', () => {
    expect(parseCliArgs(['challenge', 'init', 'my-task', '--family', 'rag'])).toEqual({ command: 'init', slug: 'my-task', family: 'rag', dir: 'challenges', languages: ['typescript', 'javascript'] });
    expect(parseCliArgs(['challenge', 'test', 'challenges/x', '--runs=3'])).toEqual({ command: 'test', folder: 'challenges/x', runs: 3 });
    expect(parseCliArgs(['challenge', 'test', 'challenges/x'])).toMatchObject({ runs: 10 });
  });

  test.each([
    [[]],
    [['challenge', 'publish', 'x']],
    [['challenge', 'init', 'x']],
    [['challenge', 'init', 'x', '--family', 'chat']],
    [['challenge', 'init', 'x', '--family', 'rag', '--force', 'yes']],
    [['challenge', 'test', 'x', '--runs', '0']],
    [['challenge', 'test', 'x', '--runs']],
    [['challenge', 'test']],
  ])('%j is a usage error (exit 2)', async (argv) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
    expect(await runCli(argv, quiet)).toBe(2);
  });
});
