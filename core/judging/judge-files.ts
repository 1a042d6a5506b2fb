import { allowedPackages, runtimeOf } from '../challenges/candidate-catalogue';
import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import type { Language } from '../../sandbox/harness/protocol';
import type { Manifest } from '../challenges/challenge-package';
import type { Config } from '../platform/config';
import type { PlannedTest, ResultV1 } from '../results/verdicts';
import { type HarnessPayload, type TestFileSource, unframeReport } from '../../sandbox/harness/protocol';
import { runInSandbox } from '../../sandbox/run-in-sandbox';
import type { SandboxPool } from '../../sandbox/sandbox-pool';
import type { SandboxLimits } from '../../sandbox/container-config';
import { buildResult } from '../results/build-result';

/** Memory the harness itself needs on top of the candidate's limit. */
const HARNESS_MEMORY_MB = 192;

/** An infrastructure failure: retried, and recorded as `internal_error` when retries run out. */
export class InfrastructureError extends Error {}

/** What judging needs of a challenge version (a stored record or a package read from disk). */
export interface JudgeableChallenge {
  manifest: Manifest;
  tests: TestFileSource[];
  plan: PlannedTest[];
}

/** The container limits for a challenge memory limit: the same function sizes the pool, so pooled runs match. */
export function sandboxLimitsFor(config: Config, challengeMemoryMb: number): SandboxLimits {
  const memoryMb = Math.min(challengeMemoryMb, config.MAX_MEMORY_MB);
  return { memoryMb: memoryMb + HARNESS_MEMORY_MB, cpus: config.SANDBOX_CPUS, pids: config.SANDBOX_PIDS, tmpfsMb: config.SANDBOX_TMPFS_MB };
}

/** What goes into the sandbox on stdin: the candidate's files, the challenge's test files (all of them given), limits. */
export function harnessPayload(config: Config, challenge: JudgeableChallenge, language: Language, files: Record<string, string>, nonce: string): HarnessPayload {
  const limits = challenge.manifest.limits;
  return {
    nonce,
    language,
    entry: challenge.manifest.entry[language]!,
    files,
    tests: challenge.tests,
    ...(challenge.manifest.exports?.[language] ? { exportNames: challenge.manifest.exports[language] } : {}),
    ...(challenge.manifest.packages?.[runtimeOf(language)] ? { packages: allowedPackages(challenge.manifest.packages, language).map((p) => p.name) } : {}),
    limits: { testTimeoutMs: Math.min(limits.testTimeoutMs, config.MAX_TEST_TIMEOUT_MS), memoryMb: Math.min(limits.memoryMb, config.MAX_MEMORY_MB), outputLimitBytes: config.SANDBOX_OUTPUT_LIMIT_BYTES },
  };
}

/**
 * Judges one set of files against a challenge in a fresh sandbox and returns the result. Candidate failures are
 * verdicts; infrastructure failures throw `InfrastructureError` (or Docker's own errors).
 */
export async function judgeFiles(
  deps: { docker: Docker; config: Config; pool?: SandboxPool },
  challenge: JudgeableChallenge,
  language: Language,
  files: Record<string, string>,
  labels: Record<string, string>,
): Promise<ResultV1> {
  const { config } = deps;
  const limits = challenge.manifest.limits;
  const wallTimeMs = Math.min(limits.wallTimeMs, config.MAX_WALL_TIME_MS);
  const nonce = randomBytes(24).toString('hex');
  const payload = harnessPayload(config, challenge, language, files, nonce);
  const outcome = await runInSandbox(deps.docker, {
    image: config.SANDBOX_IMAGE,
    stdin: JSON.stringify(payload),
    wallTimeMs,
    outputLimitBytes: config.SANDBOX_OUTPUT_LIMIT_BYTES + 4 * 1024 * 1024,
    limits: sandboxLimitsFor(config, limits.memoryMb),
    labels,
  }, deps.pool);
  const report = unframeReport(nonce, outcome.stdout);
  if (report?.harnessError) throw new InfrastructureError(report.harnessError);
  // The candidate cannot end the harness (another uid), so a run that stopped without a report and without one of
  // our limits firing lost its container (dockerd restarted, the harness crashed): retry it.
  if (!report && !outcome.timedOut && !outcome.oomKilled && !outcome.outputExceeded) {
    throw new InfrastructureError(`the sandbox ended without a report (exit code ${outcome.exitCode}): ${outcome.stderr.slice(0, 2000)}`);
  }
  return buildResult(challenge.plan, outcome, report, { wallTimeMs });
}
