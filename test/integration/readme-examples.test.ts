/**
 * The README's "Integrating" and "Operating" examples, run as written (curl and bash) against a judge with a worker:
 * every curl must answer below 400, and what the README says it answers must parse.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTestContext, type TestContext } from '../helpers/test-context';
import { createAssessment, invite, REFERENCE } from '../helpers/assessment-fixtures';

jest.setTimeout(180_000);
const run = promisify(execFile);

let ctx: TestContext;
let dir: string;
beforeAll(async () => {
  ctx = await createTestContext({ worker: true, config: { WEBHOOK_ALLOWED_TARGETS: '127.0.0.1' } });
  dir = await mkdtemp(path.join(os.tmpdir(), 'readme-examples-'));
  await writeFile(path.join(dir, 'body.json'), JSON.stringify({ challenge: 'rag-chunking', language: 'typescript', files: REFERENCE }));
});
afterAll(async () => {
  await ctx?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The shell commands of a README section's ```sh blocks, continuation lines joined, comments dropped. */
async function commandsOf(section: string): Promise<string[]> {
  const readme = await readFile(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const start = readme.indexOf(`\n## ${section}\n`);
  const end = readme.indexOf('\n## ', start + 4);
  const blocks = [...readme.slice(start, end).matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks.flatMap((b) => b.replace(/\\\n\s*/g, '').split('\n'))
    .map((line) => line.replace(/\s+#\s.*$/, '').trim())
    .filter((line) => line.startsWith('curl '));
}

/** Runs one README command with bash; the status code is appended by curl's -w. */
async function runExample(command: string, env: Record<string, string>): Promise<{ status: number; body: string }> {
  const local = command.replaceAll('localhost:3000', ctx.api.url.replace('http://', '')).replace(/^curl -s /, "curl -s -w '\\n%{http_code}' ");
  const { stdout } = await run('bash', ['-c', local], { cwd: dir, env: { ...process.env, ...env }, timeout: 60_000 });
  if (command.includes('| grep')) return { status: stdout.trim() ? 200 : 0, body: stdout };
  const lines = stdout.trimEnd().split('\n');
  return { status: Number(lines.pop()), body: lines.join('\n') };
}

test('every curl of "Integrating" and "Operating" works as written', async () => {
  const assessment = await createAssessment(ctx, {});
  const unused = await invite(ctx, assessment.id);
  const env: Record<string, string> = { T: `authorization: Bearer ${ctx.adminToken}`, JUDGE_ADMIN_TOKEN: ctx.adminToken, A: assessment.id, C: '', I: '' };
  let candidateInvite = '';
  const commands = [...(await commandsOf('Integrating')), ...(await commandsOf('Operating'))];
  expect(commands.length).toBeGreaterThanOrEqual(10);
  for (const command of commands) {
    env.I = command.includes('-XDELETE') ? unused.id : candidateInvite;
    const { status, body } = await runExample(command, env);
    expect([command, status < 400 && status > 0]).toEqual([command, true]);
    if (!command.includes('| grep') && status !== 204) expect(() => JSON.parse(body)).not.toThrow();
    const json = status !== 204 && !command.includes('| grep') ? JSON.parse(body) : {};
    if (json.token && json.externalId) {
      env.C = `authorization: Bearer ${json.token}`;
      candidateInvite = json.id;
    }
  }
  const audit = await ctx.db.query('SELECT reason FROM erasures WHERE invite_id = $1', [candidateInvite]);
  expect(audit.rows).toEqual([{ reason: 'GDPR request 88' }]);
});
