/**
 * @module sandboxed-test-plan
 * Collects the test plan of uploaded test files in a sandbox container: evaluating a test file runs its top level,
 * which is the uploader's code and must not run on the API host.
 */
import type Docker from 'dockerode';
import type { Config } from '../platform/config';
import type { TestFileSource } from '../../sandbox/harness/protocol';
import { runInSandbox } from '../../sandbox/run-in-sandbox';
import { sandboxLimitsFor } from '../judging/judge-files';
import type { PlannedTest } from '../results/verdicts';

const MAX_TESTS_CHARS = 1_500_000;
const PLAN_WALL_TIME_MS = 15_000;
const PLAN_OUTPUT_LIMIT_BYTES = 2 * 1024 * 1024;
/** Memory the test files' top level may use (the judge's harness allowance comes on top, as for a judgement). */
const PLAN_MEMORY_MB = 256;
const PLAN_MARKER = 'AI_JUDGE_PLAN ';

/**
 * Runs in the sandbox image instead of the harness: reads the compiled test files from stdin, evaluates them with the
 * harness's own loader as the harness would (its user, its filesystem), and prints the plan after a marker.
 */
const PLAN_SCRIPT = `
const chunks = [];
process.stdin.on('data', (chunk) => chunks.push(chunk));
process.stdin.on('end', () => {
  let out;
  try {
    const { loadTests } = require('/sandbox/dist/harness/load-tests.js');
    const files = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    out = { plan: loadTests(files).map((t) => ({ name: t.name, visibility: t.visibility, weight: t.weight, file: t.file })) };
  } catch (error) {
    out = { error: String((error && error.message) || error) };
  }
  process.stdout.write('\\n${PLAN_MARKER}' + JSON.stringify(out) + '\\n', () => process.exit(0));
});
`;

/** The plan, or why the test files could not give one (the uploader's problem). */
export type SandboxedPlan = { plan: PlannedTest[] } | { error: string };

/**
 * Collects the test plan of uploaded test files in a one-shot container of the sandbox image (the judge's hardened
 * container config without even the harness's capabilities; `runInSandbox` with the plan script as its command and
 * the tests on stdin). Resolves to the plan or to why loading failed; Docker failures throw.
 */
export async function collectPlanInSandbox(deps: { docker: Docker; config: Config }, tests: TestFileSource[]): Promise<SandboxedPlan> {
  const testsJson = JSON.stringify(tests);
  if (testsJson.length > MAX_TESTS_CHARS) return { error: `the compiled test files are larger than ${MAX_TESTS_CHARS} characters` };
  const outcome = await runInSandbox(deps.docker, {
    image: deps.config.SANDBOX_IMAGE,
    limits: sandboxLimitsFor(deps.config, PLAN_MEMORY_MB),
    labels: { 'ai-judge.plan': '1' },
    command: ['/usr/bin/node', '-e', PLAN_SCRIPT],
    // The script starts no candidate process, so it keeps none of the harness's capabilities (SETUID, SETGID, KILL, CHOWN).
    capabilities: 'none',
    stdin: testsJson,
    wallTimeMs: PLAN_WALL_TIME_MS,
    outputLimitBytes: PLAN_OUTPUT_LIMIT_BYTES,
  });
  if (outcome.timedOut) return { error: `the test files did not finish loading within ${PLAN_WALL_TIME_MS} ms` };
  if (outcome.oomKilled) return { error: 'the test files ran out of memory while loading' };
  if (outcome.outputExceeded) return { error: `the test files printed more than ${PLAN_OUTPUT_LIMIT_BYTES} bytes while loading` };
  const line = outcome.stdout.split('\n').reverse().find((l) => l.includes(PLAN_MARKER));
  if (!line) return { error: `the test files ended the loader before it reported (exit code ${outcome.exitCode})` };
  return JSON.parse(line.slice(line.indexOf(PLAN_MARKER) + PLAN_MARKER.length)) as SandboxedPlan;
}
