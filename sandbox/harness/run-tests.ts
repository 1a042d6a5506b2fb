import { type Candidate, CandidateError } from './candidate-process';
import type { LoadedTest } from './load-tests';
import type { OutputBuffer } from './output-buffer';
import type { HarnessTestResult } from './protocol';

const MAX_MESSAGE = 4000;
// eslint-disable-next-line no-control-regex -- ESC starts the ANSI colour codes this strips
const ANSI = /\u001b\[[0-9;]*m/g;

class TestTimeout extends Error {}

export interface RunOutcome {
  results: HarnessTestResult[];
  loadError?: string;
}

/** Runs the tests one after another; each gets its own timeout, and a stuck candidate process is killed and respawned. */
export interface TestHooks {
  beforeEach?: () => void;
  /** Called after each test that ran, with its name. */
  afterEach?: (testName: string) => void;
}

/**
 * A load error after the candidate's process has received a hidden input is the candidate's text written with that
 * input in hand, and it becomes the verdict message candidates read: it is replaced by the judge's own words (the
 * hidden tests' results, which only staff read, keep the original).
 */
const LOAD_ERROR_AFTER_HIDDEN = 'The solution\'s process could not start again after an earlier test ended it (its own message is shown to graders only: the process had received hidden inputs).';
/** Every test after the one that met a load error: the error itself is said once, there and in the verdict. */
export const NOT_RUN_AFTER_LOAD_ERROR = 'Not run: the solution failed to load (the verdict\'s message says why).';

const PUBLIC_AFTER_HIDDEN = 'This public test ran after hidden inputs reached the solution; its message is shown to graders only.';

/** Public tests first (in their order), then hidden ones: every public result comes from a process that saw no hidden input. */
export function publicFirst(tests: LoadedTest[]): LoadedTest[] {
  return [...tests.filter((t) => t.visibility === 'public'), ...tests.filter((t) => t.visibility !== 'public')];
}

export async function runTests(tests: LoadedTest[], candidate: Candidate, output: OutputBuffer, defaultTimeoutMs: number, hooks: TestHooks = {}): Promise<RunOutcome> {
  const results: HarnessTestResult[] = [];
  let loadError: string | undefined;
  let hiddenInputSent = false;
  for (const t of publicFirst(tests)) {
    if (output.overflowed || candidate.outputExceeded) {
      results.push({ name: t.name, status: 'error', message: 'Not run: the solution exceeded the output limit.', durationMs: 0 });
      continue;
    }
    if (candidate.memoryExceeded) {
      results.push({ name: t.name, status: 'error', message: 'Not run: the solution exceeded the memory limit.', durationMs: 0 });
      continue;
    }
    if (loadError) {
      results.push({ name: t.name, status: 'error', message: NOT_RUN_AFTER_LOAD_ERROR, durationMs: 0 });
      continue;
    }
    const started = performance.now();
    const timeoutMs = t.timeoutMs ?? defaultTimeoutMs;
    try {
      // start (or restart) the candidate first: its start-up traffic (e.g. the HTTP warm-up) is not part of the test
      await candidate.start();
      hooks.beforeEach?.();
      if (t.visibility !== 'public') hiddenInputSent = true;
      await withTimeout(Promise.resolve().then(t.fn), timeoutMs);
      results.push({ name: t.name, status: 'pass', message: '', durationMs: elapsed(started) });
    } catch (error) {
      const result = classify(t.name, error, timeoutMs, elapsed(started));
      if (error instanceof CandidateError && error.kind === 'load') loadError = hiddenInputSent ? LOAD_ERROR_AFTER_HIDDEN : result.message;
      if (error instanceof TestTimeout) candidate.kill();
      if (hiddenInputSent && t.visibility === 'public') result.message = PUBLIC_AFTER_HIDDEN;
      results.push(result);
    } finally {
      hooks.afterEach?.(t.name);
    }
  }
  return { results, loadError };
}

function classify(name: string, error: unknown, timeoutMs: number, durationMs: number): HarnessTestResult {
  if (error instanceof TestTimeout) {
    return { name, status: 'error', message: `Timed out after ${timeoutMs} ms.`, durationMs, timedOut: true };
  }
  if (error instanceof CandidateError) return { name, status: 'error', message: clip(candidateMessage(error)), durationMs };
  const message = error instanceof Error ? error.message : String(error);
  return { name, status: 'fail', message: clip(message), durationMs };
}

/** A Python error is named by its Python class (tests saw its JavaScript equivalent) and shows its trimmed traceback. */
function candidateMessage(error: CandidateError): string {
  if (error.kind === 'exited') return error.message;
  if (error.python) {
    if (error.kind === 'load') return `The solution failed to load:\n${error.message}`;
    const traceback = error.python.traceback.startsWith('Traceback') ? `\n${error.python.traceback}` : '';
    return `The solution raised ${error.python.pythonName}: ${error.message}${traceback}`;
  }
  return error.kind === 'load' ? `The solution failed to load: ${error.name}: ${error.message}` : `The solution threw ${error.name}: ${error.message}`;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TestTimeout()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

function clip(message: string): string {
  const clean = message.replace(ANSI, '');
  return clean.length > MAX_MESSAGE ? `${clean.slice(0, MAX_MESSAGE)}… [truncated]` : clean;
}
