/**
 * schemathesis (PyPI, pinned with hashes in test/schemathesis/requirements.lock) against a live API with every role's
 * token: no 5xx, no status code, content type, header or body outside the spec. Installed once under
 * .build/schemathesis (pip's cache makes repeats offline).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { createAssessment, invite, issueToken } from '../helpers/assessment-fixtures';
import { createTestContext, type TestContext } from '../helpers/test-context';

jest.setTimeout(600_000);
const run = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');
const LOCK = path.join(__dirname, '..', 'schemathesis', 'requirements.lock');
const TARGET = path.join(ROOT, '.build', 'schemathesis');
const PYTHON = process.env.JUDGE_PYTHON ?? '/usr/bin/python3';

/** Installs the locked schemathesis under .build once per lock content. */
async function ensureSchemathesis(): Promise<void> {
  const hash = createHash('sha256').update(await readFile(LOCK)).digest('hex');
  const marker = path.join(TARGET, '.lock-hash');
  if (existsSync(marker) && (await readFile(marker, 'utf8')) === hash) return;
  await rm(TARGET, { recursive: true, force: true });
  await mkdir(TARGET, { recursive: true });
  await run(PYTHON, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--require-hashes', '--no-deps', '--only-binary=:all:', '--target', TARGET, '-r', LOCK], { timeout: 300_000 });
  await writeFile(marker, hash);
}

let ctx: TestContext;
beforeAll(async () => {
  await ensureSchemathesis();
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

/** Runs schemathesis with one role's token; resolves with its output and exit code. */
async function fuzz(role: string, token: string): Promise<{ code: number; output: string }> {
  const args = ['-m', 'schemathesis.cli', 'run', `${ctx.api.url}/openapi.json`, '--header', `Authorization: Bearer ${token}`,
    '--checks', 'not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance',
    '--phases', 'examples,fuzzing', '--max-examples', '12', '--seed', '42', '--workers', '2', '--request-timeout', '10',
    // the event stream stays open by design; uploads take archives, which the generated bodies are not (their refusals are tested elsewhere)
    // /readyz answers 503 on purpose here (no worker runs), which is in the spec but counts as a server error
    '--exclude-operation-id', 'submissionEvents', '--exclude-operation-id', 'uploadChallenge', '--exclude-operation-id', 'ready', '--warnings', 'off', '--no-color'];
  try {
    const { stdout, stderr } = await run(PYTHON, args, { cwd: TARGET, env: { ...process.env, PYTHONPATH: TARGET, SCHEMATHESIS_HOOKS: '' }, timeout: 540_000, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, output: `[${role}] ${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

test('every role: no 5xx and nothing outside the spec', async () => {
  const assessment = await createAssessment(ctx, {});
  const tokens: Record<string, string> = {
    admin: ctx.adminToken,
    author: (await issueToken(ctx, 'author')).token,
    grader: (await issueToken(ctx, 'grader')).token,
    candidate: (await invite(ctx, assessment.id)).token,
  };
  await mkdir(path.join(ROOT, 'test-artifacts'), { recursive: true });
  for (const [role, token] of Object.entries(tokens)) {
    const { code, output } = await fuzz(role, token);
    await writeFile(path.join(ROOT, 'test-artifacts', `schemathesis-${role}.txt`), output);
    expect([role, code, code === 0 ? '' : output.slice(-6000)]).toEqual([role, 0, '']);
  }
});
