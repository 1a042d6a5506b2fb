/**
 * The trusted harness, the container's main process. Reads the payload from stdin, compiles the candidate's files,
 * loads the challenge's tests into memory, runs them against the candidate's code in a separate process, and writes
 * one nonce-framed report to stdout. It exits 0 whatever the verdict.
 */
import './code-cache'; // first: the modules below load from the image's bytecode cache
import { chown, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { resetCandidateState } from './candidate-hygiene';
import { type Candidate, type CandidateOptions, CandidateProcess } from './candidate-process';
import { compileCandidate } from './compile-candidate';
import { loadTests, type LoadedTest } from './load-tests';
import { OutputBuffer } from './output-buffer';
import { linkRunModules } from './candidate-modules';
import { frameReport, type HarnessPayload, type HarnessReport, type QualityPayload } from './protocol';
import { PythonCandidateProcess } from './python-candidate-process';
import { pythonRuntime } from './python-runtime';
import { runTests } from './run-tests';
import { isInjectedFailure, mergePrices, startMockLlm, summarizeUsage, type JournalEntry } from '../mock-llm';
import { setLanguage, setMockLlm, setRemoteCall } from './test-api';

const KEEP_OUTPUT_BYTES = 64 * 1024;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Times the phases of a run: `lap(phase)` records the milliseconds since the previous lap (or since the start). */
function phaseTimer(): { timings: Record<string, number>; lap: (phase: string) => void } {
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (phase: string) => {
    const now = performance.now();
    timings[phase] = Math.round(now - mark);
    mark = now;
  };
  return { timings, lap };
}

/** Where the candidate's build goes, its home, and the uid it runs as. */
interface CandidateDirs {
  outDir: string;
  home: string;
  uid: number | undefined;
  /** The container's writable filesystem (the tmpfs holding the work folder): wiped of the candidate's files on a respawn. */
  writableRoot: string;
  /** Node only: the packages the candidate resolves (its NODE_PATH, and `node_modules` above its build for ES modules). */
  modulesDir?: string;
}

/** The build is owned by the harness and only readable by the candidate; the candidate writes only in its home. */
async function makeCandidateDirs(workDir: string, payload: HarnessPayload): Promise<CandidateDirs> {
  const outDir = path.join(workDir, 'build');
  const home = path.join(workDir, 'home');
  await mkdir(outDir, { recursive: true, mode: 0o755 });
  await mkdir(home, { recursive: true, mode: 0o700 });
  const uid = candidateUid();
  if (uid !== undefined) await chown(home, uid, uid);
  const modulesDir = payload.language === 'python' ? undefined : linkRunModules(workDir, payload.packages);
  return { outDir, home, uid, writableRoot: path.dirname(workDir), modulesDir };
}

/** The parts of the report a test run fills in. */
type TestRunReport = Pick<HarnessReport, 'tests' | 'loadError' | 'limit' | 'output' | 'outputTruncated' | 'llmUsage'>;

/**
 * Starts the mock LLM, runs the tests against the compiled candidate in its own process, and stops both. The mock
 * lives in this trusted process: the candidate reaches it only over HTTP on loopback and has no way to read or change
 * its scripts and journal.
 */
async function runTestsWithMockLlm(payload: HarnessPayload, tests: LoadedTest[], entryPath: string, dirs: CandidateDirs, lap: (phase: string) => void): Promise<TestRunReport> {
  const mock = await startMockLlm({ host: '127.0.0.1', port: 0 });
  lap('startMock');
  const journal: JournalEntry[] = [];
  const injectedFailureTests: string[] = [];
  let candidate: Candidate | undefined;
  try {
    const output = new OutputBuffer(payload.limits.outputLimitBytes, KEEP_OUTPUT_BYTES, () => candidate?.kill());
    candidate = makeCandidate(payload, {
      entryPath,
      cwd: dirs.outDir,
      env: payload.language === 'python' ? pythonEnv(dirs.home, mock.baseUrl, payload.packages) : candidateEnv(dirs.home, mock.baseUrl, dirs.modulesDir!),
      uid: dirs.uid,
      memoryMb: payload.limits.memoryMb,
      output,
      outputLimitBytes: payload.limits.outputLimitBytes,
      beforeRespawn: () => resetCandidateState(dirs),
    }, dirs.outDir);
    setRemoteCall((fn, args) => candidate!.call(fn, args));
    setMockLlm(mock);
    const run = await runTests(tests, candidate, output, payload.limits.testTimeoutMs, {
      beforeEach: () => mock.reset(),
      afterEach: (testName) => {
        const entries = mock.journal();
        if (entries.some(isInjectedFailure)) injectedFailureTests.push(testName);
        journal.push(...entries);
        mock.reset();
      },
    });
    lap('runTests');
    const { output: text, truncated } = output.text();
    return {
      tests: run.results,
      loadError: run.loadError,
      limit: output.overflowed || candidate.outputExceeded ? 'output_limit' : candidate.memoryExceeded ? 'memory_limit' : undefined,
      output: text,
      outputTruncated: truncated,
      llmUsage: { ...summarizeUsage(journal, mergePrices()), injectedFailureTests },
    };
  } finally {
    candidate?.kill();
    setMockLlm(undefined);
    await mock.close();
  }
}

/** The candidate's process for the payload's language: Node for TypeScript/JavaScript, Python's judge host for Python. */
function makeCandidate(payload: HarnessPayload, options: CandidateOptions, root: string): Candidate {
  if (payload.language === 'python') return new PythonCandidateProcess({ ...options, root, exportNames: payload.exportNames });
  return new CandidateProcess(options);
}

/** Judges one payload; exported so host-side runs (tests, the benchmark's floor) use the same code path. */
export async function runHarness(payload: HarnessPayload, workDir: string): Promise<HarnessReport> {
  const { timings, lap } = phaseTimer();
  const report: HarnessReport = { version: 1, compile: { ok: true }, tests: [], output: '', outputTruncated: false, timings };
  let tests: LoadedTest[];
  try {
    setLanguage(payload.language);
    tests = loadTests(payload.tests);
    lap('loadTests');
  } catch (error) {
    return { ...report, harnessError: `The challenge's tests failed to load: ${(error as Error).message}` };
  }
  const dirs = await makeCandidateDirs(workDir, payload);
  const compiled = await compileCandidate(payload.files, payload.entry, { outDir: dirs.outDir, scratchDir: path.join(workDir, 'transpile'), uid: dirs.uid, language: payload.language });
  lap('compile');
  if (!compiled.ok) return { ...report, compile: { ok: false, message: compiled.message } };
  return { ...report, ...(await runTestsWithMockLlm(payload, tests, compiled.entryPath, dirs, lap)) };
}

/** The candidate's uid: set in the container (where the harness is root), unset in host-side runs. */
function candidateUid(): number | undefined {
  const uid = Number(process.env.JUDGE_CANDIDATE_UID);
  return Number.isInteger(uid) && uid > 0 && process.getuid?.() === 0 ? uid : undefined;
}

/** The candidate's environment: nothing of the harness's own, no secrets. */
function candidateEnv(home: string, openaiBaseUrl: string, modulesDir: string): NodeJS.ProcessEnv {
  return {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    TMPDIR: home,
    LANG: 'C.UTF-8',
    NODE_PATH: modulesDir,
    OPENAI_API_KEY: 'sk-judge-sandbox-dummy-key',
    OPENAI_BASE_URL: openaiBaseUrl,
  };
}

/**
 * A Python candidate's environment: the same as Node's, plus what makes runs reproducible and light (one BLAS
 * thread, a fixed hash seed, two malloc arenas so threads do not each reserve 64 MB of the capped address space).
 */
function pythonEnv(home: string, openaiBaseUrl: string, packages: string[] | undefined): NodeJS.ProcessEnv {
  const { NODE_PATH: _nodePath, ...base } = candidateEnv(home, openaiBaseUrl, '');
  return {
    ...base,
    // The challenge's narrowed package list, for the judge host's import check (a policy, not a boundary: see docs).
    ...(packages ? { JUDGE_PACKAGES: packages.join(',') } : {}),
    PYTHONHASHSEED: '0',
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONUNBUFFERED: '1',
    PYTHONNOUSERSITE: '1',
    OPENBLAS_NUM_THREADS: '1',
    OMP_NUM_THREADS: '1',
    MKL_NUM_THREADS: '1',
    MALLOC_ARENA_MAX: '2',
    TIKTOKEN_CACHE_DIR: pythonRuntime().tiktokenCache,
  };
}

if (require.main === module) {
  (async () => {
    const payload = JSON.parse(await readStdin()) as HarnessPayload | QualityPayload;
    const report = 'mode' in payload && payload.mode === 'quality'
      // Loaded only in quality mode: ESLint and typescript-eslint cost ~0.2 s of CPU to load, in every container.
      ? (await import('../quality/run-quality')).runQuality(payload)
      : await runHarness(payload as HarnessPayload, process.env.JUDGE_WORK_DIR ?? '/tmp/work');
    process.stdout.write(frameReport(payload.nonce, report), () => process.exit(0));
  })().catch((error) => {
    process.stderr.write(`harness failure: ${(error as Error).stack}\n`);
    process.exit(70);
  });
}
