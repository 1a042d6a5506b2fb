/**
 * The served OpenAPI document as tools see it: `redocly lint` (recommended rules, redocly.yaml) finds no error and no
 * warning, and a client generated from it (openapi-typescript + openapi-fetch) type-checks and does the README
 * walkthrough against a live judge.
 */
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile, copyFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { REFERENCE } from '../helpers/assessment-fixtures';
import { createTestContext, http, type TestContext } from '../helpers/test-context';

jest.setTimeout(180_000);
const run = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'node_modules', '.bin');
// Inside the repository (ignored), so the generated client resolves openapi-fetch from the project's node_modules.
const DIR = path.join(ROOT, '.build', `spec-client-${process.pid}`);

let ctx: TestContext;
let specFile: string;
beforeAll(async () => {
  ctx = await createTestContext({ worker: true });
  await mkdir(DIR, { recursive: true });
  specFile = path.join(DIR, 'openapi.json');
  await writeFile(specFile, (await http(ctx, 'GET', '/openapi.json')).text);
});
afterAll(async () => {
  await ctx?.close();
  await rm(DIR, { recursive: true, force: true });
});

test('redocly lint: no error, no warning', async () => {
  const { stdout } = await run(path.join(BIN, 'redocly'), ['lint', specFile, '--format=json', `--config=${path.join(ROOT, 'redocly.yaml')}`],
    { cwd: ROOT, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' }, timeout: 120_000 }).catch((e: { stdout: string }) => e);
  const problems = (JSON.parse(stdout) as { problems: Array<{ ruleId: string; severity: string; message: string }> }).problems;
  expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message}`)).toEqual([]);
});

test('a client generated from the spec type-checks and does the walkthrough', async () => {
  await run(path.join(BIN, 'openapi-typescript'), [specFile, '-o', path.join(DIR, 'schema.d.ts')], { cwd: ROOT, timeout: 120_000 });
  await copyFile(path.join(__dirname, '..', 'fixtures', 'spec-client', 'walkthrough.mts'), path.join(DIR, 'walkthrough.mts'));
  const tsc = await run(process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext',
    '--moduleResolution', 'nodenext', '--skipLibCheck', '--types', 'node', '--ignoreConfig', path.join(DIR, 'walkthrough.mts')], { cwd: DIR, timeout: 120_000 }).catch((e: { stdout: string }) => e);
  expect(tsc.stdout).toBe('');
  const { stdout } = await run(path.join(BIN, 'tsx'), [path.join(DIR, 'walkthrough.mts')], {
    cwd: ROOT, timeout: 150_000,
    env: { ...process.env, JUDGE_URL: ctx.api.url, JUDGE_TOKEN: ctx.adminToken, REFERENCE_FILES: JSON.stringify(REFERENCE) },
  });
  expect(JSON.parse(stdout.trim().split('\n').pop()!)).toEqual({
    slug: expect.any(String), version: 1, status: 202, verdict: 'accepted', listed: ['accepted'], errorCode: 'validation_failed',
  });
});
