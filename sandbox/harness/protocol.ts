/**
 * The wire contract between the worker (outside the container) and the harness (inside it).
 * The payload arrives as one JSON document on stdin; the report leaves on stdout framed by the payload's nonce,
 * so nothing the candidate prints can pass for a report.
 */
import type { UsageSummary } from '../mock-llm';
import type { QualityAnalysisV1 } from '../quality/types';

/** The languages a candidate may write; the one declaration the judge and the harness share. */
export const LANGUAGES = ['typescript', 'javascript', 'python'] as const;
export type Language = (typeof LANGUAGES)[number];
/** Public tests are shown to candidates in full; hidden ones only as pass counts. */
export const VISIBILITIES = ['public', 'hidden'] as const;
export type Visibility = (typeof VISIBILITIES)[number];
export const TEST_STATUSES = ['pass', 'fail', 'error'] as const;
export type TestStatus = (typeof TEST_STATUSES)[number];

export interface TestFileSource {
  file: string;
  visibility: Visibility;
  /** CommonJS JavaScript, compiled on the host from the author's TypeScript. */
  code: string;
}

export interface HarnessLimits {
  testTimeoutMs: number;
  memoryMb: number;
  outputLimitBytes: number;
}

export interface HarnessPayload {
  nonce: string;
  language: Language;
  entry: string;
  files: Record<string, string>;
  tests: TestFileSource[];
  limits: HarnessLimits;
  /**
   * The solution's name for each function tests call, when it differs (the manifest's `exports.<language>`); for
   * Python a name absent here maps camelCase → snake_case.
   */
  exportNames?: Record<string, string>;
  /**
   * The catalogue packages this challenge lets the candidate import (npm names for Node, PyPI names for Python),
   * when its manifest narrows the catalogue; absent: the whole catalogue.
   */
  packages?: string[];
}

export interface HarnessTestResult {
  name: string;
  status: TestStatus;
  message: string;
  durationMs: number;
  timedOut?: boolean;
}

export interface HarnessReport {
  version: 1;
  compile: { ok: true } | { ok: false; message: string };
  loadError?: string;
  limit?: 'memory_limit' | 'output_limit';
  /** Set when the challenge itself is broken (its tests failed to load): an infrastructure failure, not a verdict. */
  harnessError?: string;
  tests: HarnessTestResult[];
  output: string;
  outputTruncated: boolean;
  /** Milliseconds spent in each phase inside the sandbox (for the benchmark and logs). */
  timings?: Record<string, number>;
  /** What the candidate's code asked of the mock LLM over the whole run. */
  llmUsage?: UsageSummary;
}

/** The `quality` mode: analyse the files statically (nothing of the candidate runs). */
export interface QualityPayload {
  mode: 'quality';
  nonce: string;
  /** Python is analysed with ruff, mypy and its own AST; TypeScript and JavaScript with ESLint and tsc. */
  language: Language;
  files: Record<string, string>;
}

export interface QualityReport {
  version: 1;
  mode: 'quality';
  analysis?: QualityAnalysisV1;
  /** Set when the analysis itself failed. */
  error?: string;
  durationMs: number;
}

/** Frames a report so the worker can find it among anything else written to stdout. */
export function frameReport(nonce: string, report: HarnessReport | QualityReport): string {
  return `\n${nonce}${JSON.stringify(report)}${nonce}\n`;
}

/** Extracts the framed report, or undefined when the harness never wrote one. */
export function unframeReport(nonce: string, stdout: string): HarnessReport | undefined {
  const start = stdout.indexOf(nonce);
  if (start < 0) return undefined;
  const end = stdout.indexOf(nonce, start + nonce.length);
  if (end < 0) return undefined;
  try {
    return JSON.parse(stdout.slice(start + nonce.length, end)) as HarnessReport;
  } catch {
    return undefined;
  }
}
