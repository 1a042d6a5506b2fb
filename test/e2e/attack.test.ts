/**
 * The attack suite: hostile submissions judged in the real sandbox, each with the verdict it must get and a check
 * that it was contained. Most probes follow one pattern: `solve(n)` returns 2n only if the attack was blocked, so
 * `accepted` proves containment and anything else shows the attack worked.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { statfsSync } from 'node:fs';
import path from 'node:path';
import { readChallengePackage, type ChallengePackage } from '../../core/challenges/challenge-package';
import { getConfig } from '../../core/platform/config';
import type { ResultV1, Verdict } from '../../core/results/verdicts';
import { submissionBodySchema } from '../../core/submissions/submission-schema';
import { createDocker } from '../../sandbox/docker-client';
import { judgeFiles } from '../../core/judging/judge-files';
import { ATTACKS, SECRET, guarded } from '../fixtures/attacks';

jest.setTimeout(120_000);

const docker = createDocker(getConfig().docker);
const config = getConfig();
const runLabel = `attack-${randomBytes(4).toString('hex')}`;
let pkg: ChallengePackage;
let hostServer: Server;
let hostPort = 0;
let hostConnections = 0;
const hostProcessesBefore = processCount();
const freeDiskBefore = freeDisk();

function processCount(): number {
  return Number(execFileSync('sh', ['-c', 'ls -d /proc/[0-9]* | wc -l']).toString().trim());
}
function freeDisk(): number {
  const s = statfsSync('/var/lib');
  return s.bavail * s.bsize;
}

async function judge(code: string): Promise<ResultV1> {
  return judgeFiles({ docker, config }, { manifest: pkg.manifest, tests: pkg.tests, plan: pkg.plan }, 'typescript',
    { 'src/solution.ts': code }, { 'ai-judge.attack': runLabel });
}

beforeAll(async () => {
  pkg = await readChallengePackage(path.join(__dirname, '..', 'fixtures', 'attack-probe'));
  hostServer = createServer((socket) => {
    hostConnections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => hostServer.listen(0, '127.0.0.1', resolve));
  hostPort = (hostServer.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise((resolve) => hostServer.close(resolve));
});

describe.each(ATTACKS)('$name', ({ code, verdict, maxMs }) => {
  test(`ends as ${Array.isArray(verdict) ? verdict.join(' or ') : verdict}, contained`, async () => {
    const started = Date.now();
    const result = await judge(typeof code === 'function' ? code({ hostPort }) : code);
    const allowed: Verdict[] = Array.isArray(verdict) ? verdict : [verdict];
    const failed = result.tests.filter((t) => t.status !== 'pass').map((t) => `${t.name}: ${t.message.slice(0, 200)}`);
    if (!allowed.includes(result.verdict)) {
      throw new Error(`expected ${allowed.join(' or ')}, got ${JSON.stringify({ verdict: result.verdict, message: result.message, failed }, null, 2)}`);
    }
    expect(JSON.stringify(result)).not.toContain(SECRET);
    expect(Date.now() - started).toBeLessThan(maxMs ?? pkg.manifest.limits.wallTimeMs + 8_000);
  });
});

test('nothing written in one submission is visible to the next', async () => {
  const first = await judge(guarded(`
    fs.writeFileSync(process.env.HOME + '/leftover', 'x');
    try { fs.writeFileSync('/tmp/leftover', 'x'); return false; } catch { return true; }`));
  expect(first.verdict).toBe('accepted');
  const second = await judge(guarded(`return !fs.existsSync(process.env.HOME + '/leftover') && !fs.existsSync('/tmp/leftover');`));
  expect(second.verdict).toBe('accepted');
});

test('a CPU storm in one submission does not change the verdict or time of another judged at the same time', async () => {
  const storm = `import { Worker } from 'node:worker_threads';
    for (let i = 0; i < 8; i++) new Worker('for (;;) {}', { eval: true });
    export function solve(n: number) { return 2 * n; }`;
  const honest = 'export function solve(n: number) { return 2 * n; }';
  const [stormy, fair] = await Promise.all([judge(storm), judge(honest)]);
  expect(fair.verdict).toBe('accepted');
  expect(fair.durationMs).toBeLessThan(pkg.manifest.limits.wallTimeMs);
  expect(['accepted', 'time_limit']).toContain(stormy.verdict);
});

test('a server of the test listening on the host\'s loopback was never reached', () => {
  expect(hostConnections).toBe(0);
});

test('symlink-style and parent-relative paths are refused before anything is stored', () => {
  const schema = submissionBodySchema(config);
  for (const bad of ['../x.ts', 'src/../../x.ts', '/etc/passwd', 'src/./x.ts', 'a\\..\\b.ts', 'src//x.ts']) {
    expect({ bad, refused: !schema.safeParse({ challenge: 'attack-probe', language: 'typescript', files: { [bad]: 'x' } }).success }).toEqual({ bad, refused: true });
  }
});

test('after the suite: the judge still serves, no container is left, the host\'s process count and free disk are back', async () => {
  expect((await judge('export function solve(n: number) { return 2 * n; }')).verdict).toBe('accepted');
  const left = await docker.listContainers({ all: true, filters: { label: [`ai-judge.attack=${runLabel}`] } });
  expect(left).toEqual([]);
  expect(processCount()).toBeLessThan(hostProcessesBefore + 40);
  expect(freeDisk()).toBeGreaterThan(freeDiskBefore - 512 * 1024 * 1024);
});
