import type { HarnessReport } from '../../sandbox/harness/protocol';
import type { SandboxOutcome } from '../../sandbox/run-in-sandbox';
import type { PlannedTest, ResultV1, TestOutcome, Verdict } from './verdicts';

const OUTPUT_KEEP = 16 * 1024;

/**
 * Turns what came back from the sandbox into the stored result. Trusted-side rules: the test list, weights and
 * visibility come from the challenge's plan (not from the sandbox); a planned test with no outcome is an error;
 * a run where no test executed is never accepted.
 */
export function buildResult(plan: PlannedTest[], outcome: SandboxOutcome, report: HarnessReport | undefined, limits: { wallTimeMs: number }): ResultV1 {
  const reported = new Map((report?.tests ?? []).map((t) => [t.name, t]));
  const tests: TestOutcome[] = plan.map((p) => {
    const r = reported.get(p.name);
    return r
      ? { name: p.name, visibility: p.visibility, status: r.status, message: r.message, durationMs: r.durationMs, weight: p.weight }
      : { name: p.name, visibility: p.visibility, status: 'error', message: 'Not run.', durationMs: 0, weight: p.weight };
  });
  const maxScore = plan.reduce((sum, p) => sum + p.weight, 0);
  const score = tests.reduce((sum, t) => sum + (t.status === 'pass' ? t.weight : 0), 0);
  const { verdict, message } = decideVerdict(outcome, report, tests, score, maxScore, limits.wallTimeMs);
  const output = report?.output ?? outcome.stderr;
  return {
    version: 1,
    verdict,
    score: verdict === 'compile_error' ? 0 : score,
    maxScore,
    message,
    tests,
    output: output.slice(0, OUTPUT_KEEP),
    outputTruncated: Boolean(report?.outputTruncated) || output.length > OUTPUT_KEEP,
    durationMs: outcome.durationMs,
    ...(report?.llmUsage ? { llmUsage: report.llmUsage } : {}),
  };
}

function decideVerdict(outcome: SandboxOutcome, report: HarnessReport | undefined, tests: TestOutcome[], score: number, maxScore: number, wallTimeMs: number): { verdict: Verdict; message: string } {
  if (outcome.timedOut) return { verdict: 'time_limit', message: `The run exceeded the wall-clock limit of ${wallTimeMs} ms and was stopped.` };
  // The harness saw which limit the candidate hit first; the container's own state is the fallback.
  if (report?.limit === 'output_limit') return outputLimit();
  if (report?.limit === 'memory_limit' || outcome.oomKilled) return { verdict: 'memory_limit', message: 'The solution exceeded the memory limit.' };
  if (outcome.outputExceeded) return outputLimit();
  if (!report) return { verdict: 'runtime_error', message: `The sandbox ended without a result (exit code ${outcome.exitCode}).` };
  if (!report.compile.ok) return { verdict: 'compile_error', message: report.compile.message };
  if (report.tests.some((t) => t.timedOut)) return { verdict: 'time_limit', message: 'At least one test exceeded its time limit.' };
  if (report.loadError) return { verdict: 'runtime_error', message: report.loadError };
  const executed = tests.filter((t) => t.status !== 'error' || t.message !== 'Not run.').length;
  if (executed === 0) return { verdict: 'runtime_error', message: 'No test ran.' };
  if (tests.every((t) => t.status === 'pass')) return { verdict: 'accepted', message: 'All tests passed.' };
  const failed = tests.filter((t) => t.status !== 'pass').length;
  if (score > 0) return { verdict: 'partial', message: `${failed} of ${tests.length} tests did not pass.` };
  return { verdict: 'wrong_answer', message: `${failed} of ${tests.length} tests did not pass.` };
}

function outputLimit(): { verdict: Verdict; message: string } {
  return { verdict: 'output_limit', message: 'The solution wrote more output than allowed and was stopped.' };
}

/** The stored result for a submission the judge could not run (infrastructure failure after all retries). */
export function internalErrorResult(plan: PlannedTest[]): ResultV1 {
  return {
    version: 1,
    verdict: 'internal_error',
    score: 0,
    maxScore: plan.reduce((sum, p) => sum + p.weight, 0),
    message: 'The judge could not run this submission. The cause is recorded for graders; it can be re-run.',
    tests: [],
    output: '',
    outputTruncated: false,
    durationMs: 0,
  };
}
