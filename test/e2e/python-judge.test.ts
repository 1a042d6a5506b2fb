/**
 * Python solutions judged in the real sandbox image through `judgeFiles` (the worker's path): the challenge's
 * TypeScript tests against the candidate's module in `judge_host.py`, as the candidate's uid, with the image's
 * interpreter and packages. What a candidate reads never holds a hidden input.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { readChallengePackage, type ChallengePackage } from '../../core/challenges/challenge-package';
import { judgeFiles } from '../../core/judging/judge-files';
import { getConfig } from '../../core/platform/config';
import type { ResultV1 } from '../../core/results/verdicts';
import type { SubmissionRecord } from '../../core/submissions/submission-repository';
import { submissionView } from '../../core/submissions/submission-view';
import { createDocker } from '../../sandbox/docker-client';
import { FASTAPI_START, PYTHON_PROBE_REFERENCE as REFERENCE } from '../helpers/python-probe';

jest.setTimeout(120_000);

const config = getConfig();
const docker = createDocker(config.docker);
const runLabel = `python-judge-${randomBytes(4).toString('hex')}`;
let pkg: ChallengePackage;

beforeAll(async () => {
  pkg = await readChallengePackage(path.join(__dirname, '..', 'fixtures', 'python-probe'));
});

afterAll(async () => {
  const left = await docker.listContainers({ all: true, filters: { label: [`ai-judge.python-judge=${runLabel}`] } });
  expect(left).toEqual([]);
});

function judge(source: string, extra: Record<string, string> = {}): Promise<ResultV1> {
  return judgeFiles({ docker, config }, { manifest: pkg.manifest, tests: pkg.tests, plan: pkg.plan }, 'python',
    { 'src/solution.py': source, ...extra }, { 'ai-judge.python-judge': runLabel });
}

function candidateView(result: ResultV1): string {
  const record = { id: 'x', status: 'finished', language: 'python', inviteId: 'i', createdAt: new Date(), startedAt: new Date(), finishedAt: new Date(), result, error: null } as unknown as SubmissionRecord;
  return JSON.stringify(submissionView(record, { slug: pkg.manifest.slug, version: 1 }, 'candidate'));
}

test('the reference is accepted in the image: numpy, pydantic, async def, an http.server thread', async () => {
  const result = await judge(REFERENCE);
  expect(result.tests.filter((t) => t.status !== 'pass')).toEqual([]);
  expect(result.verdict).toBe('accepted');
});

test('FastAPI with uvicorn from an async start()', async () => {
  const result = await judge(`${REFERENCE}${FASTAPI_START}`);
  expect(result.verdict).toBe('accepted');
});

test('a syntax error is a compile error naming the file and line', async () => {
  const result = await judge('def add(a, b)\n    return a + b\n');
  expect(result).toMatchObject({ verdict: 'compile_error', message: expect.stringMatching(/^src\/solution\.py, line 1: SyntaxError: expected ':'/) });
});

test('a missing package is named beside the installed ones; no harness path shows', async () => {
  const result = await judge(`import langchain_anthropic\n${REFERENCE}`);
  expect(result.verdict).toBe('runtime_error');
  expect(result.message).toContain("No module named 'langchain_anthropic': it is not available in this challenge. Available: openai 3.");
  expect(result.message).not.toMatch(/\/sandbox\/|judge_host|\/tmp\/work/);
});

test('a memory bomb is memory_limit, a print flood output_limit', async () => {
  const bomb = await judge(`${REFERENCE}\ndef add(a, b):\n    hoard = []\n    while True:\n        hoard.append(bytearray(16 * 1024 * 1024))\n`);
  expect(bomb.verdict).toBe('memory_limit');
  const flood = await judge(`${REFERENCE}\ndef add(a, b):\n    while True:\n        print("x" * 10000)\n`);
  expect(flood.verdict).toBe('output_limit');
});

test('a hidden input kept in HOME or /tmp for the respawned process never reaches the candidate', async () => {
  const result = await judge(`${REFERENCE}
import os
places = [os.path.join(os.environ["HOME"], "seen"), "/tmp/seen"]
for place in places:
    if os.path.exists(place):
        raise RuntimeError("LEAK: " + open(place).read())


def shout(x):
    if x.startswith("hidden"):
        for place in places:
            try:
                with open(place, "w") as f:
                    f.write(x)
            except OSError:
                pass
        os._exit(3)
    return x.upper()
`);
  expect(result.verdict).not.toBe('internal_error');
  expect(candidateView(result)).not.toMatch(/hidden-input-[0-9a-f]{6}/i);
  // The replacement processes found nothing: every hidden test ends with the exit, none with a LEAK load error.
  expect(result.tests.filter((t) => t.visibility === 'hidden').map((t) => t.message)).toEqual(Array(3).fill(expect.stringContaining('exited (code 3)')));
});
