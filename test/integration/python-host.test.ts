/**
 * A Python solution judged by the challenge's TypeScript tests, host-side: `runHarness` (the harness's own code path)
 * with Debian's python3 and the locked candidate packages in `.build/python/site-packages`. Each case is a solution;
 * the assertions read the harness's report and the verdict `buildResult` makes of it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readChallengePackage, type ChallengePackage } from '../../core/challenges/challenge-package';
import { harnessPayload } from '../../core/judging/judge-files';
import { getConfig } from '../../core/platform/config';
import { buildResult } from '../../core/results/build-result';
import type { ResultV1 } from '../../core/results/verdicts';
import { runHarness } from '../../sandbox/harness/main';
import type { HarnessReport } from '../../sandbox/harness/protocol';
import { FASTAPI_START, PYTHON_PROBE_REFERENCE as REFERENCE } from '../helpers/python-probe';

jest.setTimeout(60_000);

const config = getConfig();
let pkg: ChallengePackage;
const dirs: string[] = [];

beforeAll(async () => {
  pkg = await readChallengePackage(path.join(__dirname, '..', 'fixtures', 'python-probe'));
});

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function judge(source: string, extra: Record<string, string> = {}, packages?: string[]): Promise<{ report: HarnessReport; result: ResultV1 }> {
  const workDir = await mkdtemp(path.join(tmpdir(), 'py-host-'));
  dirs.push(workDir);
  const payload = harnessPayload(config, { manifest: pkg.manifest, tests: pkg.tests, plan: pkg.plan }, 'python', { 'src/solution.py': source, ...extra }, randomBytes(8).toString('hex'));
  const report = await runHarness(packages ? { ...payload, packages } : payload, path.join(workDir, 'work'));
  const result = buildResult(pkg.plan, { stdout: '', stderr: '', exitCode: 0, timedOut: false, oomKilled: false, outputExceeded: false, durationMs: 1 } as never, report, { wallTimeMs: 30_000 });
  return { report, result };
}

function testResult(report: HarnessReport, name: string): { status: string; message: string } {
  const found = report.tests.find((t) => t.name === name);
  if (!found) throw new Error(`no test named ${name}: ${report.tests.map((t) => t.name).join(', ')}`);
  return found;
}

test('the reference is accepted: results, errors, async def, numpy, pydantic, an http.server thread, mapped names', async () => {
  const { report, result } = await judge(REFERENCE);
  expect(report.tests.filter((t) => t.status !== 'pass')).toEqual([]);
  expect(result.verdict).toBe('accepted');
});

test('a FastAPI app served by uvicorn from an async start() is reached between calls', async () => {
  const { report } = await judge(`${REFERENCE}${FASTAPI_START}`);
  expect(testResult(report, 'an HTTP server')).toMatchObject({ status: 'pass' });
});

test('a wrong answer fails its test with the expectation\'s message', async () => {
  const { report, result } = await judge(`${REFERENCE}\ndef add(a, b):\n    return a - b\n`);
  expect(testResult(report, 'adds')).toMatchObject({ status: 'fail', message: expect.stringContaining('Expected: 5') });
  expect(result.verdict).toBe('partial');
});

test('an exception a test did not expect names the Python class and shows only the candidate\'s frames', async () => {
  const { report } = await judge(`${REFERENCE}\ndef helper(a):\n    return {}[a]\n\ndef add(a, b):\n    return helper(a)\n`);
  const { status, message } = testResult(report, 'adds');
  expect(status).toBe('error');
  expect(message).toContain('The solution raised KeyError: 2');
  expect(message).toContain('File "src/solution.py", line');
  expect(message).toContain('in helper');
  expect(message).not.toMatch(/judge_host|\/sandbox\/|py-host-/);
});

test('a syntax error is a compile error with the file, the line and a caret; nothing runs', async () => {
  const { report, result } = await judge('def add(a, b):\n    return a +\n');
  expect(result.verdict).toBe('compile_error');
  expect(report.compile).toEqual({ ok: false, message: expect.stringMatching(/^src\/solution\.py, line 2: SyntaxError: invalid syntax\n {4}return a \+\n {4}\s*\^/) });
});

test('a challenge that narrows the packages: the list loads with its dependencies, an import outside it gets the clear message', async () => {
  const allowed = await judge(`import openai\nimport pydantic\n${REFERENCE}`, {}, ['openai', 'pydantic', 'numpy']);
  expect(allowed.result.verdict).toBe('accepted');
  const refused = await judge(`import httpx\n${REFERENCE}`, {}, ['openai', 'pydantic', 'numpy']);
  expect(refused.result.verdict).toBe('runtime_error');
  expect(refused.result.message).toMatch(/No module named 'httpx': it is not available in this challenge\. Available: openai 3\.[\d.]+, pydantic 2\.[\d.]+, numpy 2\.[\d.]+, and Python's standard library\.$/);
  const inFunction = await judge(`${REFERENCE}\ndef add(a, b):\n    import fastapi\n    return a + b\n`, {}, ['openai', 'pydantic', 'numpy']);
  expect(inFunction.report.tests.find((t) => t.status !== 'pass')?.message).toContain("No module named 'fastapi': it is not available in this challenge.");
});

test('a syntax error in another module of the submission is found too, without importing it', async () => {
  const { result } = await judge(REFERENCE, { 'src/helpers/util.py': 'x = (\n', 'data/notes.txt': 'not code' });
  expect(result.verdict).toBe('compile_error');
  expect(result.message).toMatch(/^src\/helpers\/util\.py, line 1: SyntaxError/);
});

test('a module that is not installed is named beside the packages that are', async () => {
  const { result } = await judge(`import requests_oauthlib\n${REFERENCE}`);
  expect(result.verdict).toBe('runtime_error');
  expect(result.message).toContain("No module named 'requests_oauthlib': it is not available in this challenge. Available: openai 3.");
  expect(result.message).toMatch(/, httpx 0\.\d+\.\d+, pydantic 2\.\d+\.\d+, numpy 2\.[\d.]+, fastapi 0\.[\d.]+, .*and Python's standard library\.$/);
  expect(result.message).toContain('File "src/solution.py", line 1');
  expect(result.message).not.toMatch(/judge_host|importlib|\/sandbox\/|py-host-/);
});

test('an exception at import is a runtime error with the candidate\'s traceback only', async () => {
  const { result } = await judge(`${REFERENCE}\nimport json\njson.loads("{")\n`);
  expect(result.verdict).toBe('runtime_error');
  expect(result.message).toContain('JSONDecodeError');
  expect(result.message).toContain('File "src/solution.py"');
  expect(result.message).not.toMatch(/judge_host|json\/decoder\.py|\/usr\/lib|py-host-/);
});

test('sys.exit(3) at import ends as a runtime error, never a hang', async () => {
  const { result } = await judge(`import sys\nsys.exit(3)\n${REFERENCE}`);
  expect(result.verdict).toBe('runtime_error');
  expect(result.message).toContain('code 3');
});

test('KeyboardInterrupt and os._exit inside calls end as errors of their tests; the next test still runs', async () => {
  const { report } = await judge(`${REFERENCE}\nimport os\ndef check_positive(x):\n    raise KeyboardInterrupt()\n\ndef add(a, b):\n    os._exit(9)\n`);
  expect(testResult(report, 'adds')).toMatchObject({ status: 'error', message: expect.stringContaining('exited (code 9)') });
  expect(testResult(report, 'a ValueError is a RangeError')).toMatchObject({ status: 'fail', message: expect.stringContaining('"name": "KeyboardInterrupt"') });
  expect(testResult(report, 'async def')).toMatchObject({ status: 'pass' });
});

test('a function that never returns times out, and the next test runs in a fresh process', async () => {
  const { report } = await judge(`${REFERENCE}\ndef add(a, b):\n    while True:\n        pass\n`);
  expect(testResult(report, 'adds')).toMatchObject({ status: 'error', message: 'Timed out after 3000 ms.' });
  expect(testResult(report, 'a ValueError is a RangeError')).toMatchObject({ status: 'pass' });
});

test('a memory bomb is memory_limit', async () => {
  const { report, result } = await judge(`${REFERENCE}\ndef add(a, b):\n    hoard = []\n    while True:\n        hoard.append(bytearray(16 * 1024 * 1024))\n`);
  expect(report.limit).toBe('memory_limit');
  expect(result.verdict).toBe('memory_limit');
});

test('a print flood is output_limit', async () => {
  const { report, result } = await judge(`${REFERENCE}\ndef add(a, b):\n    while True:\n        print("x" * 10000)\n`);
  expect(report.limit).toBe('output_limit');
  expect(result.verdict).toBe('output_limit');
});

test('results JSON cannot carry are SerializationErrors', async () => {
  const { report } = await judge(`${REFERENCE}\ndef add(a, b):\n    return float("nan")\n\ndef vectors():\n    return {1, 2}\n`);
  expect(testResult(report, 'adds').message).toContain('SerializationError');
  expect(testResult(report, 'numpy and pydantic results').message).toMatch(/SerializationError.*builtins\.set/);
});

test('a lone surrogate in a result crosses as it would from JavaScript (escaped), not as a SerializationError', async () => {
  const { report } = await judge(`${REFERENCE}\ndef add(a, b):\n    return "x\\ud800y"\n`);
  const adds = testResult(report, 'adds');
  expect([adds.status, adds.message]).toEqual(['fail', expect.not.stringContaining('SerializationError')]);
  expect(adds.message).toContain('Received');
});

test('replies forged on the channel for calls not yet sent are ignored; patching json changes nothing of the host', async () => {
  const { report } = await judge(`${REFERENCE}
import json
import os

json.dumps = lambda *args, **kwargs: "garbage"
json.loads = lambda *args, **kwargs: {}


def add(a, b):
    for k in range(1, 200):
        os.write(4, ('{"id": %d, "ok": false, "error": {"name": "RangeError", "message": "x must be positive"}}\\n' % k).encode())
    return a + b


def check_positive(x):
    return x
`);
  expect(testResult(report, 'a ValueError is a RangeError')).toMatchObject({ status: 'fail', message: expect.stringContaining('Received promise resolved instead of rejected') });
  expect(testResult(report, 'async def')).toMatchObject({ status: 'pass' });
});

test('a reply before the ready message is a protocol error that ends the load', async () => {
  const { result } = await judge(`import os
os.write(4, b'{"id": 1, "ok": true, "value": 5}\\n')
${REFERENCE}`);
  expect(result).toMatchObject({ verdict: 'runtime_error', message: expect.stringContaining('malformed message') });
});

test('a hidden input written to HOME and read back after a forced respawn never reaches what candidates read', async () => {
  const { report, result } = await judge(`${REFERENCE}
import os
seen = os.path.join(os.environ["HOME"], "seen")
if os.path.exists(seen):
    raise RuntimeError("LEAK: " + open(seen).read())


def shout(x):
    if x.startswith("hidden"):
        with open(seen, "w") as f:
            f.write(x)
        os._exit(3)
    return x.upper()
`);
  const texts = [result.message, ...report.tests.filter((t) => !t.name.startsWith('shouts hidden')).map((t) => t.message)].join('\n');
  expect(texts).not.toMatch(/hidden-input-[0-9a-f]{6}/i);
  expect(report.tests.filter((t) => t.name.startsWith('shouts hidden')).map((t) => t.status)).toEqual(['error', 'error', 'error']);
});
