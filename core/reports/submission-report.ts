/**
 * @module submission-report
 * The graders' report of one submission (`GET /v1/submissions/:id/report`): verdict, score by group, every test,
 * code quality, LLM usage against the challenge's reference, the candidate's files and the captured output.
 * `SubmissionReportV1` is the zod schema of the JSON (bump `version` on a breaking change); the API and the report
 * page both read this shape.
 */
import { z } from 'zod';
import { LANGUAGES, VISIBILITIES } from '../../sandbox/harness/protocol';
import { VERDICTS } from '../results/verdicts';
import type { QualityAnalysisV1 } from '../../sandbox/quality/types';

const Severity = z.enum(['error', 'warning', 'info']);

export const QualityFindingSchema = z.object({
  kind: z.enum(['lint', 'type', 'complexity', 'length', 'nesting', 'duplication', 'secret', 'llm-risk']),
  rule: z.string(),
  severity: Severity,
  file: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  endLine: z.number().int().optional(),
  message: z.string(),
});

export const QualityHeadlineSchema = z.object({
  lintErrors: z.number(), lintWarnings: z.number(), typeErrors: z.number(), maxComplexity: z.number(),
  maxFunctionLines: z.number(), maxNesting: z.number(), duplicationPercent: z.number(), secrets: z.number(),
  llmCallRisks: z.number(), files: z.number(), linesOfCode: z.number(), commentRatio: z.number(),
});

/** What the sandbox's quality mode returns; the host validates it before storing. */
export const QualityAnalysisSchema = z.object({
  version: z.literal(1),
  headline: QualityHeadlineSchema,
  findings: z.array(QualityFindingSchema),
  lintByRule: z.array(z.object({ rule: z.string(), severity: Severity, count: z.number() })),
  functions: z.array(z.object({
    file: z.string(), name: z.string(), line: z.number(), endLine: z.number(), lines: z.number(),
    complexity: z.number(), maxNesting: z.number(),
  })),
  duplicates: z.array(z.object({
    tokens: z.number(), lines: z.number(),
    occurrences: z.array(z.object({ file: z.string(), line: z.number(), endLine: z.number() })),
  })),
  size: z.object({
    files: z.number(), lines: z.number(), linesOfCode: z.number(), commentLines: z.number(), blankLines: z.number(),
    commentRatio: z.number(),
    perFile: z.array(z.object({ file: z.string(), lines: z.number(), linesOfCode: z.number(), commentLines: z.number(), blankLines: z.number() })),
  }),
  tools: z.record(z.string(), z.string()),
  ignoredFiles: z.array(z.string()),
  language: z.enum(LANGUAGES).optional(),
  unavailable: z.array(z.object({ section: z.enum(['lint', 'types']), tool: z.string(), reason: z.string() })).optional(),
  challengeRules: z.array(z.object({ rule: z.string(), level: z.enum(['off', 'error', 'warning', 'info']), reason: z.string(), matched: z.number() })).optional(),
}) satisfies z.ZodType<QualityAnalysisV1>;

/** `pending` until the analysis job has stored its result; `failed` when it could not run (the error says why). */
export const QualitySection = z.object({
  status: z.enum(['pending', 'done', 'failed']),
  durationMs: z.number().nullable(),
  error: z.string().nullable(),
  analysis: QualityAnalysisSchema.nullable(),
  /** The reference solution's headline for the same challenge version, when it was measured. */
  reference: QualityHeadlineSchema.nullable().optional(),
});

const UsageBucketSchema = z.object({
  calls: z.number(), promptTokens: z.number(), cachedTokens: z.number().optional(), completionTokens: z.number(), totalTokens: z.number(),
  errors: z.number(), retries: z.number(), costUsd: z.number(),
});

/** A figure beside the reference's: `ratio` = candidate / reference (null when the reference is 0 or unknown). */
export const ComparedFigure = z.object({
  value: z.number(),
  reference: z.number().nullable(),
  ratio: z.number().nullable(),
  /** e.g. "3.2x the reference's tokens"; null without a reference. */
  label: z.string().nullable(),
});

/**
 * LLM usage from the mock's journal summary against the challenge's reference figures. "Per test" divides by the
 * number of tests run (each test is one scenario the judge sends); "per call" by the LLM calls.
 */
export const LlmUsageSection = z.object({
  totals: UsageBucketSchema.extend({ inFlight: z.number(), latencyMs: z.object({ mean: z.number(), max: z.number() }) }),
  byPath: z.record(z.string(), UsageBucketSchema),
  byModel: z.record(z.string(), UsageBucketSchema),
  compared: z.object({
    calls: ComparedFigure, totalTokens: ComparedFigure, promptTokens: ComparedFigure, completionTokens: ComparedFigure,
    costUsd: ComparedFigure, retries: ComparedFigure, errors: ComparedFigure, latencyMeanMs: ComparedFigure,
    tokensPerTest: ComparedFigure, costPerTestUsd: ComparedFigure, costPerCallUsd: ComparedFigure,
  }),
  /**
   * Retries: the same request (path and body) sent again after a 429, 5xx, timeout or broken body, by that kind.
   * `repeatsAfterClientError`: the same request sent again after a 4xx (not a retry: it fails the same way).
   */
  retries: z.object({ total: z.number(), triggers: z.record(z.string(), z.number()), repeatsAfterClientError: z.number() }),
  /**
   * Errors the mock returned (4xx/5xx/faults) and whether the candidate handled them, judged against the reference:
   * a test whose script injected an upstream failure, that the reference passes and this submission does not, is an
   * unhandled error. `none` when no test injected one.
   */
  errors: z.object({
    returned: z.number(),
    /** Failed requests by kind: 429, 5xx, 4xx, timeout, fault. */
    kinds: z.record(z.string(), z.number()),
    handled: z.enum(['yes', 'no', 'partly', 'none']),
    /** Tests whose script injected an upstream failure, that the reference passes and this submission does not. */
    unhandledTests: z.array(z.string()),
    note: z.string(),
  }),
  /** For challenges whose tests exercise a cache: calls against the reference (fewer or equal suggests hits). */
  cache: z.object({ applies: z.boolean(), callsSaved: z.number().nullable(), note: z.string() }).nullable(),
  reference: z.object({ runs: z.number(), measuredAt: z.string() }).nullable(),
});

export const ReportTest = z.object({
  name: z.string(),
  /** The test file it comes from (the report's groups are test files). */
  group: z.string(),
  visibility: z.enum(VISIBILITIES),
  status: z.enum(['pass', 'fail', 'error']),
  message: z.string(),
  durationMs: z.number(),
  weight: z.number(),
});

export const ReportGroup = z.object({
  name: z.string(), visibility: z.enum(VISIBILITIES), passed: z.number(), total: z.number(),
  score: z.number(), maxScore: z.number(),
});

export const ReportFile = z.object({ path: z.string(), text: z.string(), lines: z.number() });

export const SubmissionReportV1 = z.object({
  version: z.literal(1),
  generatedAt: z.string(),
  submission: z.object({
    id: z.string(),
    challenge: z.object({ slug: z.string(), version: z.number(), title: z.string(), family: z.string().nullable() }),
    language: z.enum(LANGUAGES),
    status: z.enum(['queued', 'running', 'finished']),
    inviteId: z.string().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  }),
  /** Null while the submission is not finished. */
  result: z.object({
    verdict: z.enum(VERDICTS),
    score: z.number(),
    maxScore: z.number(),
    message: z.string(),
    durationMs: z.number(),
    groups: z.array(ReportGroup),
    tests: z.array(ReportTest),
  }).nullable(),
  quality: QualitySection,
  /** Null when the run made no LLM usage summary (not finished, compile error, pre-usage result). */
  llmUsage: LlmUsageSection.nullable(),
  files: z.array(ReportFile),
  output: z.object({ text: z.string(), truncated: z.boolean() }).nullable(),
});

export type SubmissionReport = z.infer<typeof SubmissionReportV1>;
export type QualitySectionT = z.infer<typeof QualitySection>;
export type LlmUsageSectionT = z.infer<typeof LlmUsageSection>;
export type ComparedFigureT = z.infer<typeof ComparedFigure>;
