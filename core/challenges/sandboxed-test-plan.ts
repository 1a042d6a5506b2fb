import { Writable } from 'node:stream';
import type Docker from 'dockerode';
import type { Config } from '../platform/config';
import type { TestFileSource } from '../../sandbox/harness/protocol';
import { containerConfig } from '../../sandbox/container-config';
import { sandboxLimitsFor } from '../judging/judge-files';
import type { PlannedTest } from '../results/verdicts';

/** The kernel refuses a single argument over 128 KiB (MAX_ARG_STRLEN): the tests go in as several. */
const ARG_CHARS = 30_000;
const MAX_TESTS_CHARS = 1_500_000;
const TIMEOUT_MS = 15_000;
const OUTPUT_CAP = 2 * 1024 * 1024;
const MARKER = 'AI_JUDGE_PLAN ';

/** Runs in the sandbox image: evaluates the compiled test files with the harness's own loader and prints the plan. */
const SCRIPT = `
let out;
try {
  const { loadTests } = require('/sandbox/dist/harness/load-tests.js');
  const files = JSON.parse(process.argv.slice(1).join(''));
  out = { plan: loadTests(files).map((t) => ({ name: t.name, visibility: t.visibility, weight: t.weight, file: t.file })) };
} catch (error) {
  out = { error: String((error && error.message) || error) };
}
process.stdout.write('\\n${MARKER}' + JSON.stringify(out) + '\\n', () => process.exit(0));
`;

/**
 * Collects the test plan of uploaded test files inside a sandbox container (no network, read-only, the judge's
 * limits): evaluating a test file runs its top level, which an uploaded package must not do on the API host.
 * Resolves to the plan or to the loader's error message; Docker failures throw.
 */
export async function collectPlanInSandbox(deps: { docker: Docker; config: Config }, tests: TestFileSource[]): Promise<{ plan: PlannedTest[] } | { error: string }> {
  const json = JSON.stringify(tests);
  if (json.length > MAX_TESTS_CHARS) return { error: `the compiled test files are larger than ${MAX_TESTS_CHARS} characters` };
  const args = [];
  for (let i = 0; i < json.length; i += ARG_CHARS) args.push(json.slice(i, i + ARG_CHARS));
  const base = containerConfig(deps.config.SANDBOX_IMAGE, sandboxLimitsFor(deps.config, 256), { 'ai-judge.plan': '1' });
  const container = await deps.docker.createContainer({
    ...base, Cmd: ['/usr/bin/node', '-e', SCRIPT, ...args], AttachStdin: false, OpenStdin: false, StdinOnce: false,
  });
  try {
    const stream = await container.attach({ stream: true, stdout: true, stderr: true });
    const chunks: Buffer[] = [];
    let size = 0;
    const collect = new Writable({
      write(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size <= OUTPUT_CAP) chunks.push(chunk);
        done();
      },
    });
    deps.docker.modem.demuxStream(stream, collect, new Writable({ write: (_c, _e, done) => done() }));
    await container.start();
    const timer = setTimeout(() => void container.kill().catch(() => undefined), TIMEOUT_MS);
    try {
      await container.wait();
    } finally {
      clearTimeout(timer);
    }
    await new Promise((r) => setImmediate(r));
    const text = Buffer.concat(chunks).toString('utf8');
    const line = text.split('\n').reverse().find((l) => l.includes(MARKER));
    if (!line) return { error: `the test files did not finish loading within ${TIMEOUT_MS} ms` };
    return JSON.parse(line.slice(line.indexOf(MARKER) + MARKER.length)) as { plan: PlannedTest[] } | { error: string };
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}
