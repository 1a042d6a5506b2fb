/**
 * The attack suite in Python: hostile Python submissions judged in the real sandbox (the Python host program behind
 * the same call protocol), each with the verdict it must get and a check that it was contained; then the secrecy
 * attacks of secrecy.test.ts in Python (a hidden input stashed, or handed to a daemon, and re-read after a respawn).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { readChallengePackage, type ChallengePackage } from '../../core/challenges/challenge-package';
import { getConfig } from '../../core/platform/config';
import type { ResultV1, Verdict } from '../../core/results/verdicts';
import { submissionView } from '../../core/submissions/submission-view';
import type { SubmissionRecord } from '../../core/submissions/submission-repository';
import { createDocker } from '../../sandbox/docker-client';
import { judgeFiles } from '../../core/judging/judge-files';
import { SECRET } from '../fixtures/attacks';
import { PY_ATTACKS, pyGuarded } from '../fixtures/attacks-python';

jest.setTimeout(120_000);

const docker = createDocker(getConfig().docker);
const config = getConfig();
const runLabel = `attack-py-${randomBytes(4).toString('hex')}`;
const HIDDEN_INPUT = /hidden-input-[0-9a-f]{6}/i;
let attackProbe: ChallengePackage;
let secrecyProbe: ChallengePackage;
let hostServer: Server;
let hostPort = 0;
let hostConnections = 0;
const hostProcessesBefore = processCount();

function processCount(): number {
  return Number(execFileSync('sh', ['-c', 'ls -d /proc/[0-9]* | wc -l']).toString().trim());
}

function judge(code: string, pkg = attackProbe): Promise<ResultV1> {
  return judgeFiles({ docker, config }, { manifest: pkg.manifest, tests: pkg.tests, plan: pkg.plan }, 'python',
    { 'src/solution.py': code }, { 'ai-judge.attack': runLabel });
}

beforeAll(async () => {
  attackProbe = await readChallengePackage(path.join(__dirname, '..', 'fixtures', 'attack-probe'));
  secrecyProbe = await readChallengePackage(path.join(__dirname, '..', 'fixtures', 'secrecy-probe'));
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

describe.each(PY_ATTACKS)('$name', ({ code, verdict, maxMs }) => {
  test(`ends as ${Array.isArray(verdict) ? verdict.join(' or ') : verdict}, contained`, async () => {
    const started = Date.now();
    const result = await judge(typeof code === 'function' ? code({ hostPort }) : code);
    const allowed: Verdict[] = Array.isArray(verdict) ? verdict : [verdict];
    const failed = result.tests.filter((t) => t.status !== 'pass').map((t) => `${t.name}: ${t.message.slice(0, 300)}`);
    if (!allowed.includes(result.verdict)) {
      throw new Error(`expected ${allowed.join(' or ')}, got ${JSON.stringify({ verdict: result.verdict, message: result.message, failed, output: result.output?.slice(0, 600) }, null, 2)}`);
    }
    expect(JSON.stringify(result)).not.toContain(SECRET);
    // the harness's own failures must not reach a test's message
    expect(result.tests.map((t) => t.message).filter((m) => /Cannot read propert|is not a function|is not defined/.test(m))).toEqual([]);
    expect(candidateView(result, attackProbe)).not.toMatch(/\/sandbox\/|judge_host|\/tmp\/work/);
    expect(Date.now() - started).toBeLessThan(maxMs ?? attackProbe.manifest.limits.wallTimeMs + 8_000);
  });
});

test('python: nothing written in one submission is visible to the next', async () => {
  const first = await judge(pyGuarded(`
    open(os.environ["HOME"] + "/leftover", "w").write("x")
    try:
        open("/tmp/leftover", "w").write("x")
        return False
    except OSError:
        return True`));
  expect(first.verdict).toBe('accepted');
  const second = await judge(pyGuarded('return not os.path.exists(os.environ["HOME"] + "/leftover") and not os.path.exists("/tmp/leftover")'));
  expect(second.verdict).toBe('accepted');
});

test('python: a CPU storm in one submission does not change the verdict or time of another judged at the same time', async () => {
  const storm = `import os
for _ in range(8):
    if os.fork() == 0:
        while True:
            pass

def solve(n):
    return 2 * n
`;
  const [stormy, fair] = await Promise.all([judge(storm), judge('def solve(n):\n    return 2 * n\n')]);
  expect(fair.verdict).toBe('accepted');
  expect(fair.durationMs).toBeLessThan(attackProbe.manifest.limits.wallTimeMs);
  expect(['accepted', 'time_limit']).toContain(stormy.verdict);
});

/** What the candidate reads of a finished submission, as the API and the event stream build it. */
function candidateView(result: ResultV1, pkg = secrecyProbe): string {
  const record = { id: 'x', status: 'finished', language: 'python', inviteId: 'i', createdAt: new Date(), startedAt: new Date(), finishedAt: new Date(), result, error: null } as unknown as SubmissionRecord;
  return JSON.stringify(submissionView(record, { slug: pkg.manifest.slug, version: 1 }, 'candidate'));
}

test('python: a hidden input stashed in HOME and /tmp, then os._exit: the replacement finds nothing, the candidate reads nothing', async () => {
  const result = await judge(`import os

home = os.environ["HOME"] + "/seen"
for stash in (home, "/tmp/seen"):
    if os.path.exists(stash):
        raise RuntimeError("LEAK: " + open(stash).read())


def shout(x):
    if x.startswith("hidden"):
        open(home, "w").write(x)
        try:
            open("/tmp/seen", "w").write(x)
        except OSError:
            pass
        os._exit(3)
    return x.upper()
`, secrecyProbe);
  expect(result.verdict).not.toBe('internal_error');
  expect(candidateView(result)).not.toMatch(HIDDEN_INPUT);
  expect(result.tests.map((t) => [t.visibility, t.status])).toEqual([['public', 'pass'], ...Array(4).fill(['hidden', 'error'])]);
  expect(JSON.stringify(result.tests)).not.toContain('LEAK');
  expect(result.tests.filter((t) => t.visibility === 'hidden').map((t) => t.message)).toEqual(Array(4).fill("The solution's process exited (code 3)."));
});

test('python: a daemon that outlives the killed process hands nothing to its replacement', async () => {
  const result = await judge(`import os, socket, time

PORT = 47114


def ask_daemon():
    try:
        with socket.create_connection(("127.0.0.1", PORT), timeout=0.5) as s:
            return s.recv(100).decode()
    except OSError:
        return ""


def shout(x):
    if x.startswith("hidden"):
        leaked = ask_daemon()
        if leaked:
            raise RuntimeError("LEAK: " + leaked)
        if os.fork() == 0:
            os.setsid()
            server = socket.create_server(("127.0.0.1", PORT))
            while True:
                conn, _ = server.accept()
                conn.sendall(x.encode())
                conn.close()
        time.sleep(0.3)
        os._exit(5)
    return x.upper()
`, secrecyProbe);
  expect(result.verdict).not.toBe('internal_error');
  expect(candidateView(result)).not.toMatch(HIDDEN_INPUT);
  expect(JSON.stringify(result.tests)).not.toContain('LEAK');
  expect(result.tests.filter((t) => t.visibility === 'hidden').map((t) => t.message)).toEqual(Array(4).fill("The solution's process exited (code 5)."));
});

test('python: a server of the test listening on the host\'s loopback was never reached', () => {
  expect(hostConnections).toBe(0);
});

test('python: after the suite the judge still serves, no container is left, the host\'s process count is back', async () => {
  expect((await judge('def solve(n):\n    return 2 * n\n')).verdict).toBe('accepted');
  const left = await docker.listContainers({ all: true, filters: { label: [`ai-judge.attack=${runLabel}`] } });
  expect(left).toEqual([]);
  expect(processCount()).toBeLessThan(hostProcessesBefore + 40);
});
