/**
 * The authoring CLI against a running judge: `challenge init` then `challenge push` uploads the folder, waits for the
 * gate and prints its table; `challenge publish` publishes it; refusals exit 1 with the API's code.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../scripts/challenge-cli/run-cli';
import { createTestContext, http, type TestContext } from '../helpers/test-context';

let ctx: TestContext;
let dir: string;

beforeAll(async () => {
  ctx = await createTestContext({ worker: true, config: { GATE_RUNS: 2 } });
  dir = await mkdtemp(path.join(tmpdir(), 'challenge-push-'));
});
afterAll(async () => {
  await ctx.close();
  await rm(dir, { recursive: true, force: true });
});

function capture() {
  const lines: string[] = [];
  const tables: unknown[] = [];
  return { lines, tables, log: { log: (l: string) => lines.push(l), error: (l: string) => lines.push(l), table: (t: unknown) => tables.push(t) } };
}

test('init → push (gate table printed) → publish, from the command line', async () => {
  const out = capture();
  expect(await runCli(['challenge', 'init', 'embed-rank', '--family', 'rag', '--dir', dir], out.log)).toBe(0);
  const server = ['--url', ctx.api.url, '--token', ctx.adminToken];
  const push = capture();
  expect(await runCli(['challenge', 'push', path.join(dir, 'embed-rank'), ...server], push.log)).toBe(0);
  expect(push.lines[0]).toMatch(/^Uploaded embed-rank version 1 \(draft, \d+ files, \d+ bytes\)$/);
  expect(push.lines).toContain('PASS embed-rank version 1');
  expect(push.tables[0]).toEqual([
    expect.objectContaining({ solution: 'reference', expected: 'accepted', verdict: 'accepted', runs: '2/2', gate: 'ok' }),
    expect.objectContaining({ solution: expect.any(String), gate: 'ok' }),
    expect.objectContaining({ solution: 'reference-javascript', expected: 'accepted', verdict: 'accepted', runs: '2/2', gate: 'ok' }),
  ]);
  expect(Object.keys((push.tables[0] as object[])[0]!)).toEqual(['solution', 'expected', 'verdict', 'score', 'runs', 'medianMs', 'problem', 'gate']);

  const again = capture();
  expect(await runCli(['challenge', 'push', path.join(dir, 'embed-rank'), ...server, '--wait', '0'], again.log)).toBe(0);
  expect(again.lines[0]).toMatch(/^Unchanged: embed-rank version 1/);

  const publish = capture();
  expect(await runCli(['challenge', 'publish', 'embed-rank', '1', ...server], publish.log)).toBe(0);
  expect((await http(ctx, 'GET', '/v1/challenges/embed-rank')).json.version).toBe(1);

  const versions = capture();
  expect(await runCli(['challenge', 'versions', 'embed-rank', ...server], versions.log)).toBe(0);
  expect(versions.tables).toEqual([[expect.objectContaining({ version: 1, status: 'published', gate: 'passed' })]]);
}, 240_000);

test('refusals exit 1 with the API code and every package problem', async () => {
  const server = ['--url', ctx.api.url, '--token', ctx.adminToken];
  const missing = capture();
  expect(await runCli(['challenge', 'publish', 'no-such-challenge', '3', ...server], missing.log)).toBe(1);
  expect(missing.lines.join('\n')).toMatch(/challenge_not_found/);

  const broken = path.join(dir, 'broken');
  expect(await runCli(['challenge', 'init', 'broken', '--family', 'data', '--dir', dir], capture().log)).toBe(0);
  await writeFile(path.join(broken, 'challenge.json'), JSON.stringify({ slug: 'broken', family: 'chat' }));
  const push = capture();
  expect(await runCli(['challenge', 'push', broken, ...server], push.log)).toBe(1);
  const text = push.lines.join('\n');
  expect(text).toMatch(/^invalid_package: /);
  expect(text).toMatch(/challenge\.json: family: .*expected one of "rag", "data", "endpoint"/);
  expect(text).toMatch(/challenge\.json: title: /);

  const noToken = capture();
  expect(await runCli(['challenge', 'publish', 'x1', '1', '--url', ctx.api.url, '--token', 'wrong-token-wrong-token'], noToken.log)).toBe(1);
  expect(noToken.lines.join('\n')).toMatch(/unauthenticated/);
});
