/**
 * Hidden tests stay hidden: nothing the candidate's code writes after it has received a hidden input reaches what a
 * candidate reads (their view of the submission), except the pass counts. Each attack is a solution that tries one
 * channel; the real sandbox judges it; the assertions read the candidate's view, and the staff view for what the
 * respawned process found.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { readChallengePackage, type ChallengePackage } from '../../core/challenges/challenge-package';
import { getConfig } from '../../core/platform/config';
import type { ResultV1 } from '../../core/results/verdicts';
import { submissionView } from '../../core/submissions/submission-view';
import type { SubmissionRecord } from '../../core/submissions/submission-repository';
import { createDocker } from '../../sandbox/docker-client';
import { judgeFiles } from '../../core/judging/judge-files';

jest.setTimeout(120_000);

const config = getConfig();
const docker = createDocker(config.docker);
const runLabel = `secrecy-${randomBytes(4).toString('hex')}`;
const HIDDEN = /hidden-input-[0-9a-f]{6}/i;
let pkg: ChallengePackage;

beforeAll(async () => {
  pkg = await readChallengePackage(path.join(__dirname, '..', 'fixtures', 'secrecy-probe'));
});

afterAll(async () => {
  const left = await docker.listContainers({ all: true, filters: { label: [`ai-judge.secrecy=${runLabel}`] } });
  expect(left).toEqual([]);
});

function judge(code: string): Promise<ResultV1> {
  const prelude = `import fs from 'node:fs'; import cp from 'node:child_process'; import net from 'node:net'; void fs; void cp; void net;\n`;
  return judgeFiles({ docker, config }, { manifest: pkg.manifest, tests: pkg.tests, plan: pkg.plan }, 'typescript',
    { 'src/solution.ts': prelude + code }, { 'ai-judge.secrecy': runLabel });
}

/** What the candidate reads of a finished submission, as the API and the event stream build it. */
function candidateView(result: ResultV1): string {
  const record = { id: 'x', status: 'finished', language: 'typescript', inviteId: 'i', createdAt: new Date(), startedAt: new Date(), finishedAt: new Date(), result, error: null } as unknown as SubmissionRecord;
  return JSON.stringify(submissionView(record, { slug: pkg.manifest.slug, version: 1 }, 'candidate'));
}

function expectNothingHiddenForCandidates(result: ResultV1): void {
  expect(result.verdict).not.toBe('internal_error');
  expect(candidateView(result)).not.toMatch(HIDDEN);
}

test('a solution that records a hidden input, exits, and throws it from its replacement: the candidate reads the judge\'s words, the record is gone', async () => {
  const result = await judge(`
    const home = process.env.HOME + '/seen';
    for (const file of [home, '/tmp/seen']) if (fs.existsSync(file)) throw new Error('LEAK: ' + fs.readFileSync(file, 'utf8'));
    export function shout(x: string): string {
      if (x.startsWith('hidden')) {
        fs.writeFileSync(home, x);
        try { fs.writeFileSync('/tmp/seen', x); } catch {}
        process.exit(3);
      }
      return x.toUpperCase();
    }`);
  expectNothingHiddenForCandidates(result);
  expect(result.tests.map((t) => [t.visibility, t.status])).toEqual([['public', 'pass'], ...Array(4).fill(['hidden', 'error'])]);
  // Every hidden test met a fresh process that found nothing: each says the process exited, none carries a LEAK.
  expect(result.tests.filter((t) => t.visibility === 'hidden').map((t) => t.message)).toEqual(Array(4).fill("The solution's process exited (code 3)."));
});

test('a daemon that outlives the killed process hands nothing to its replacement', async () => {
  const result = await judge(`
    const PORT = 47113;
    const askDaemon = () => new Promise<string>((resolve) => {
      const probe = net.connect(PORT, '127.0.0.1');
      let got = '';
      probe.on('data', (d) => (got += d.toString()));
      probe.on('error', () => resolve(''));
      probe.on('close', () => resolve(got));
    });
    export async function shout(x: string): Promise<string> {
      if (x.startsWith('hidden')) {
        const leaked = await askDaemon();
        if (leaked) throw new Error('LEAK: ' + leaked);
        const daemon = cp.spawn(process.execPath, ['-e', \`require('net').createServer((s) => s.end(\${JSON.stringify(x)})).listen(\${PORT}, '127.0.0.1'); setInterval(() => {}, 1000);\`], { detached: true, stdio: 'ignore' });
        daemon.unref();
        const end = Date.now() + 300; while (Date.now() < end) {}
        process.exit(5);
      }
      return x.toUpperCase();
    }`);
  expectNothingHiddenForCandidates(result);
  expect(JSON.stringify(result.tests)).not.toContain('LEAK');
  expect(result.tests.filter((t) => t.visibility === 'hidden').map((t) => t.message)).toEqual(Array(4).fill("The solution's process exited (code 5)."));
});

test('malformed bytes on the call channel stop the solution\'s process with a clear message, never the judge', async () => {
  const result = await judge(`
    export function shout(x: string): string | Promise<string> {
      if (x.startsWith('hidden')) {
        fs.writeSync(3, Buffer.from([0, 0, 0, 10, 0xff, 0x0d, 1, 2, 3, 4, 5, 6, 7, 8]));
        return new Promise(() => {});
      }
      return x.toUpperCase();
    }`);
  expectNothingHiddenForCandidates(result);
  expect(result.verdict).toBe('partial');
  expect(result.tests.filter((t) => t.visibility === 'hidden').map((t) => t.message)).toEqual(
    Array(4).fill("The solution's process sent a malformed message on its call channel and was stopped."));
});

test('a reply of the wrong shape, NUL characters and lone surrogates are data, never a crash', async () => {
  const result = await judge(`
    export function shout(x: string): string {
      process.stdout.write('nul \\u0000 and lone \\ud800 surrogate\\n');
      if (x === 'hidden-input-5e1f9a') { process.send!({ id: 'not-a-number', ok: 'yes' }); return new Promise(() => {}) as never; }
      if (x.startsWith('hidden')) throw new Error('bad \\u0000 text \\udc00 here');
      return x.toUpperCase();
    }`);
  expectNothingHiddenForCandidates(result);
  expect(result.verdict).toBe('partial');
  expect(result.tests.filter((t) => t.status !== 'pass').map((t) => t.message)).toEqual(expect.arrayContaining([
    "The solution's process sent a malformed message on its call channel and was stopped.",
    expect.stringContaining('The solution threw Error: bad'),
  ]));
});

test('a process that exits right after answering: the next test says so, not "Channel closed"', async () => {
  const result = await judge(`
    export function shout(x: string): string {
      if (x.startsWith('hidden')) setImmediate(() => process.exit(4));
      return x.toUpperCase();
    }`);
  expectNothingHiddenForCandidates(result);
  expect(JSON.stringify(result.tests)).not.toMatch(/SerializationError|Channel closed/);
  const messages = result.tests.filter((t) => t.status !== 'pass').map((t) => t.message);
  expect(messages.filter((m) => !/^The solution's process exited \(code 4\)( during an earlier test)?\.$/.test(m))).toEqual([]);
});
