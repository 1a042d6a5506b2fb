/**
 * @module run-quality
 * Runs the code-quality analysis of a set of files in a fresh hardened one-shot container (the sandbox image's
 * `quality` mode), with the analysis's own wall-time and memory caps.
 */
import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import type { Config } from '../platform/config';
import { QualityAnalysisSchema } from '../reports/submission-report';
import { type Language, type QualityPayload, type QualityReport, unframeReport } from '../../sandbox/harness/protocol';
import { runInSandbox } from '../../sandbox/run-in-sandbox';
import type { QualityAnalysisV1 } from '../../sandbox/quality/types';
import { InfrastructureError } from '../judging/judge-files';
import { applyChallengeRules, type QualityRules } from './challenge-rules';

/** The analysis's verdict on itself: done, or failed for a reason that a retry would not change. */
export type QualityOutcome =
  | { status: 'done'; analysis: QualityAnalysisV1; durationMs: number }
  | { status: 'failed'; error: string; durationMs: number };

/**
 * Analyses `files` written in `language`, with the challenge's own rule settings applied (`rules`: its manifest's
 * `quality`); Docker failures and a vanished container throw (to be retried).
 */
export async function runQualityInSandbox(deps: { docker: Docker; config: Config }, files: Record<string, string>, labels: Record<string, string>,
  language: Language, rules?: QualityRules): Promise<QualityOutcome> {
  const { config } = deps;
  const nonce = randomBytes(24).toString('hex');
  const payload: QualityPayload = { mode: 'quality', nonce, language, files };
  const outcome = await runInSandbox(deps.docker, {
    image: config.SANDBOX_IMAGE,
    stdin: JSON.stringify(payload),
    wallTimeMs: config.QUALITY_WALL_TIME_MS,
    outputLimitBytes: config.SANDBOX_OUTPUT_LIMIT_BYTES * 4,
    limits: { memoryMb: config.QUALITY_MEMORY_MB, cpus: config.SANDBOX_CPUS, pids: config.SANDBOX_PIDS, tmpfsMb: config.SANDBOX_TMPFS_MB },
    labels: { ...labels, 'ai-judge.mode': 'quality' },
  });
  const durationMs = outcome.durationMs;
  if (outcome.timedOut) return { status: 'failed', error: `The analysis exceeded its ${config.QUALITY_WALL_TIME_MS} ms limit.`, durationMs };
  if (outcome.oomKilled) return { status: 'failed', error: `The analysis exceeded its ${config.QUALITY_MEMORY_MB} MB memory limit.`, durationMs };
  if (outcome.outputExceeded) return { status: 'failed', error: 'The analysis report exceeded the output limit.', durationMs };
  const report = unframeReport(nonce, outcome.stdout) as unknown as QualityReport | undefined;
  if (!report) throw new InfrastructureError(`the quality sandbox ended without a report (exit code ${outcome.exitCode}): ${outcome.stderr.slice(0, 2000)}`);
  if (report.error || !report.analysis) return { status: 'failed', error: report.error ?? 'The analysis returned nothing.', durationMs };
  const parsed = QualityAnalysisSchema.safeParse(report.analysis);
  if (!parsed.success) return { status: 'failed', error: `The analysis report is malformed: ${parsed.error.message.slice(0, 500)}`, durationMs };
  return { status: 'done', analysis: applyChallengeRules(parsed.data, rules), durationMs };
}
