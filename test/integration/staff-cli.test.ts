/** The CLI's assessment and invite commands against a live API: create, list, invite by CSV or one by one, close. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../scripts/challenge-cli/run-cli';
import { createTestContext, type TestContext } from '../helpers/test-context';

let ctx: TestContext;
let dir: string;
beforeAll(async () => {
  ctx = await createTestContext();
  dir = await mkdtemp(path.join(os.tmpdir(), 'staff-cli-'));
});
afterAll(async () => {
  await ctx?.close();
  await rm(dir, { recursive: true, force: true });
});

function capture() {
  const lines: string[] = [];
  const tables: Array<Array<Record<string, unknown>>> = [];
  return { lines, tables, log: { log: (l: string) => lines.push(l), error: (l: string) => lines.push(l), table: (t: unknown) => tables.push(t as Array<Record<string, unknown>>) } };
}

test('assessment create → invite add (CSV and one) → invite list → assessment list → close', async () => {
  const server = ['--url', ctx.api.url, '--token', ctx.adminToken];
  const created = capture();
  expect(await runCli(['assessment', 'create', '--name', 'CLI hiring', '--challenges', 'rag-chunking', '--duration', '90', '--languages', 'typescript,python', ...server], created.log)).toBe(0);
  const id = /^Created assessment ([0-9a-f-]{36}) \(CLI hiring\)$/.exec(created.lines[0]!)?.[1];
  expect(id).toBeDefined();

  const csv = path.join(dir, 'candidates.csv');
  await writeFile(csv, 'name,email,external_id\n"Lovelace, Ada",ada@example.com,ats-1\nAlan Turing,alan@example.com,\n');
  const added = capture();
  expect(await runCli(['invite', 'add', id!, '--csv', csv, ...server], added.log)).toBe(0);
  expect(added.lines[0]).toBe('name,email,external_id,invite_id,token');
  expect(added.lines[2]).toMatch(/^Alan Turing,alan@example\.com,,[0-9a-f-]{36},\S{20,}$/);
  expect(added.lines[1]).toMatch(/^"Lovelace, Ada",ada@example\.com,ats-1,[0-9a-f-]{36},\S{20,}$/);
  const one = capture();
  expect(await runCli(['invite', 'add', id!, '--name', 'Grace Hopper', '--email', 'grace@example.com', '--external-id', 'ats-3', ...server], one.log)).toBe(0);

  const listed = capture();
  expect(await runCli(['invite', 'list', id!, ...server], listed.log)).toBe(0);
  expect(listed.tables[0]!.map((r) => [r.name, r.externalId, r.status])).toEqual([['Lovelace, Ada', 'ats-1', 'not_started'], ['Alan Turing', '', 'not_started'], ['Grace Hopper', 'ats-3', 'not_started']]);

  const again = capture();
  expect(await runCli(['invite', 'add', id!, '--csv', csv, ...server], again.log)).toBe(1);
  expect(again.lines.join('\n')).toMatch(/invite_exists/);

  const assessments = capture();
  expect(await runCli(['assessment', 'list', ...server], assessments.log)).toBe(0);
  expect(assessments.tables[0]!.find((a) => a.id === id)).toMatchObject({ name: 'CLI hiring', challenges: 'rag-chunking', minutes: 90 });
  const closed = capture();
  expect(await runCli(['assessment', 'close', id!, ...server], closed.log)).toBe(0);
  expect(closed.lines[0]).toMatch(new RegExp(`^Closed assessment ${id} at \\d{4}-`));
});

test('usage errors exit 2 and say what is wrong; a bad CSV line sends nothing', async () => {
  const bad = capture();
  expect(await runCli(['invite', 'add', 'x', '--name', 'Only a name'], bad.log)).toBe(2);
  expect(bad.lines[0]).toMatch(/give both --name and --email/);
  const lang = capture();
  expect(await runCli(['assessment', 'create', '--name', 'A', '--challenges', 'rag-chunking', '--languages', 'cobol'], lang.log)).toBe(2);
  expect(lang.lines[0]).toMatch(/--languages: a comma list of typescript, javascript, python/);
  const csv = path.join(dir, 'broken.csv');
  await writeFile(csv, 'Ada,not-an-email\n');
  const refused = capture();
  expect(await runCli(['invite', 'add', '00000000-0000-4000-8000-000000000000', '--csv', csv, '--url', ctx.api.url, '--token', ctx.adminToken], refused.log)).toBe(1);
  expect(refused.lines.join('\n')).toMatch(/nothing was sent; fix these lines:\n {2}line 1: email/);
});
