import type { TestStatus, Visibility } from '../../sandbox/harness/protocol';
import type { UsageSummary } from '../../sandbox/mock-llm';

/** The closed set of final verdicts (Judge0-style), in the order a result is checked for them. */
export const VERDICTS = [
  'accepted', 'partial', 'wrong_answer', 'compile_error', 'runtime_error',
  'time_limit', 'memory_limit', 'output_limit', 'internal_error',
] as const;
export type Verdict = (typeof VERDICTS)[number];

export const SUBMISSION_STATUSES = ['queued', 'running', 'finished'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

/** One test as the challenge declares it (collected on the host from the trusted test files). */
export interface PlannedTest {
  name: string;
  visibility: Visibility;
  weight: number;
  file: string;
}

/** One test's outcome in a stored result. */
export interface TestOutcome {
  name: string;
  visibility: Visibility;
  status: TestStatus;
  message: string;
  durationMs: number;
  weight: number;
}

/** The versioned results shape stored in `submissions.result` (bump `version` on any breaking change). */
export interface ResultV1 {
  version: 1;
  verdict: Verdict;
  score: number;
  maxScore: number;
  message: string;
  tests: TestOutcome[];
  output: string;
  outputTruncated: boolean;
  durationMs: number;
  /** What the candidate's code asked of the mock LLM (calls, tokens, retries, errors, latency, estimated cost). */
  llmUsage?: UsageSummary;
  /** True when candidate-made text held NUL characters or lone surrogates, stored as U+FFFD instead. */
  unstorableReplaced?: true;
}
