/**
 * How a Node candidate's modules load, host-side through `runHarness` (the harness's own code path): ES modules and
 * top-level await, a challenge's narrowed package list, and the one clear message for a package outside it. The same
 * rules in the real sandbox: test/e2e/candidate-packages.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readChallengePackage, type ChallengePackage } from '../../core/challenges/challenge-package';
import { harnessPayload } from '../../core/judging/judge-files';
import { getConfig } from '../../core/platform/config';
import { runHarness } from '../../sandbox/harness/main';
import type { HarnessReport } from '../../sandbox/harness/protocol';
import { NOT_RUN_AFTER_LOAD_ERROR } from '../../sandbox/harness/run-tests';

jest.setTimeout(60_000);

let pkg: ChallengePackage;
const dirs: string[] = [];
const SHOUT = 'export function shout(x: string): string { return x.toUpperCase(); }';

beforeAll(async () => {
  pkg = await readChallengePackage(path.join(__dirname, '..', 'fixtures', 'secrecy-probe'));
});

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function judge(files: Record<string, string>, packages?: string[]): Promise<HarnessReport> {
  const workDir = await mkdtemp(path.join(tmpdir(), 'node-host-'));
  dirs.push(workDir);
  const payload = harnessPayload(getConfig(), pkg, 'typescript', files, randomBytes(8).toString('hex'));
  return runHarness(packages ? { ...payload, packages } : payload, path.join(workDir, 'work'));
}

/** The report's failures, or [] when every test passed and it compiled. */
function problems(report: HarnessReport): string[] {
  if (!report.compile.ok) return [`compile: ${report.compile.message}`];
  return report.tests.filter((t) => t.status !== 'pass').map((t) => `${t.name}: ${t.message}`);
}

test.each([
  ['top-level await', { 'src/solution.ts': `const ready = await Promise.resolve(true);\n${SHOUT.replace('return', 'if (!ready) return ""; return')}` }],
  ['import.meta.url', { 'src/solution.ts': `const here = new URL(import.meta.url);\nexport function shout(x: string): string { return here.protocol === 'file:' ? x.toUpperCase() : ''; }` }],
  ['a .mjs helper imported with its extension', { 'src/solution.ts': `import { up } from './util.mjs';\nexport function shout(x: string): string { return up(x); }`, 'src/util.mjs': 'export const up = (s) => s.toUpperCase();' }],
  ['"type": "module", createRequire, a package by dynamic import', {
    'package.json': '{ "type": "module" }',
    'src/solution.ts': `import { createRequire } from 'node:module';\nimport { up } from './util.js';\nconst require = createRequire(import.meta.url);\nconst { readFileSync } = require('node:fs');\nconst { default: OpenAI } = await import('openai');\nconst word = readFileSync(new URL('./word.txt', import.meta.url), 'utf8');\nexport function shout(x: string): string { return OpenAI && word === 'ok' ? up(x) : ''; }`,
    'src/util.ts': 'export const up = (s: string): string => s.toUpperCase();',
    'src/word.txt': 'ok',
  }],
])('ES modules: %s', async (_name, files) => {
  expect(problems(await judge(files))).toEqual([]);
});

test('an ES module\'s syntax error is a compile error with TypeScript\'s words', async () => {
  const report = await judge({ 'src/solution.ts': 'await 1;\nexport function shout(x: string): string { return x.toUpperCase( ; }' });
  expect(report.compile).toEqual({ ok: false, message: "src/solution.ts(2,66): error TS1005: ')' expected." });
});

test('an ES module importing a package by its path is refused at compile time, naming the package', async () => {
  const eslint = require.resolve('eslint');
  const report = await judge({ 'src/solution.ts': `import * as e from '${eslint}';\nawait 1;\nexport function shout(x: string): string { return e ? x : ''; }` });
  expect(report.compile).toEqual({ ok: false, message: 'the package "eslint", imported by its path, is outside the submission: import the submission\'s own files by relative path and the challenge\'s packages by name.' });
});

test('a narrowed list: its packages load, one outside it fails once with the list and versions, no judge paths', async () => {
  expect(problems(await judge({ 'src/solution.ts': `import OpenAI from 'openai';\nimport { z } from 'zod';\nconst ok = Boolean(OpenAI && z);\n${SHOUT.replace('return', 'if (!ok) return ""; return')}` }, ['openai', 'zod']))).toEqual([]);
  const report = await judge({ 'src/solution.ts': `import express from 'express';\nconst app = express();\n${SHOUT.replace('return', 'if (!app) return ""; return')}` }, ['openai', 'zod']);
  const message = /^The solution failed to load: Error: the package "express" is not available in this challenge\. Available: openai 6\.\d+\.\d+, zod 4\.\d+\.\d+, and Node's built-in modules/;
  expect(report.loadError).toMatch(message);
  expect(report.tests[0]!.message).toMatch(message);
  expect(report.tests.slice(1).map((t) => t.message)).toEqual(report.tests.slice(1).map(() => NOT_RUN_AFTER_LOAD_ERROR));
  expect(JSON.stringify(report)).not.toMatch(/Require stack|candidate-host|node_modules/);
});

test('a require by path into a package outside the list, or of a harness package, gets the same message', async () => {
  for (const target of [require.resolve('express'), require.resolve('eslint')]) {
    const report = await judge({ 'src/solution.ts': `const m = require(${JSON.stringify(target)});\n${SHOUT.replace('return', 'if (!m) return ""; return')}` }, ['openai']);
    expect(report.loadError).toMatch(/the package "(express|eslint)" is not available in this challenge\. Available: openai 6\./);
  }
});
