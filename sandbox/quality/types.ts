/**
 * @module quality/types
 * What the sandbox's `quality` mode reports about a candidate's files. Plain interfaces (the sandbox carries no
 * schema library); the host validates the same shape with `QualityAnalysisSchema` in core/reports/submission-report.ts.
 */

/** Which analyser produced a finding. */
export type FindingKind = 'lint' | 'type' | 'complexity' | 'length' | 'nesting' | 'duplication' | 'secret' | 'llm-risk';
export type FindingSeverity = 'error' | 'warning' | 'info';

/** One finding, always tied to a file and 1-based line (column 1-based too). */
export interface QualityFinding {
  kind: FindingKind;
  /** ESLint or ruff rule id, `TS2322`, `mypy:arg-type`, `max-complexity`, `hard-coded-secret`, `llm-client-no-timeout`, ... */
  rule: string;
  severity: FindingSeverity;
  file: string;
  line: number;
  column: number;
  endLine?: number;
  message: string;
}

/** One function (declaration, expression, arrow, method) and its shape. */
export interface FunctionMetrics {
  file: string;
  name: string;
  line: number;
  endLine: number;
  /** Lines spanned, first to last. */
  lines: number;
  /** McCabe: 1 + decision points (if, loops, case, catch, ?:, &&, ||, ??). */
  complexity: number;
  /** Deepest nesting of blocks that branch or loop, inside this function. */
  maxNesting: number;
}

/** One duplicated block: the same token window at two or more places. */
export interface DuplicateBlock {
  tokens: number;
  lines: number;
  occurrences: Array<{ file: string; line: number; endLine: number }>;
}

export interface FileSize {
  file: string;
  lines: number;
  linesOfCode: number;
  commentLines: number;
  blankLines: number;
}

export interface SizeMetrics {
  files: number;
  lines: number;
  linesOfCode: number;
  commentLines: number;
  blankLines: number;
  /** commentLines / (linesOfCode + commentLines), 0..1. */
  commentRatio: number;
  perFile: FileSize[];
}

/** The numbers a grader reads first. */
export interface QualityHeadline {
  lintErrors: number;
  lintWarnings: number;
  typeErrors: number;
  maxComplexity: number;
  /** Longest function, in lines. */
  maxFunctionLines: number;
  maxNesting: number;
  /** Share of code lines inside a duplicated block, 0..100. */
  duplicationPercent: number;
  secrets: number;
  llmCallRisks: number;
  files: number;
  linesOfCode: number;
  commentRatio: number;
}

/** The complete analysis (bump `version` on a breaking change). */
export interface QualityAnalysisV1 {
  version: 1;
  /** The language analysed (absent in analyses stored before Python joined: TypeScript/JavaScript). */
  language?: 'typescript' | 'javascript' | 'python';
  headline: QualityHeadline;
  /** Every finding, ordered by file then line. */
  findings: QualityFinding[];
  /** Lint findings (ESLint or ruff) counted by rule. */
  lintByRule: Array<{ rule: string; severity: FindingSeverity; count: number }>;
  functions: FunctionMetrics[];
  duplicates: DuplicateBlock[];
  size: SizeMetrics;
  /** Versions of the tools used (eslint, typescript, typescript-eslint; python, ruff, mypy). */
  tools: Record<string, string>;
  /** Files skipped (the candidate's own config files, non-source files). */
  ignoredFiles: string[];
  /** Sections whose tool could not run (timed out, crashed): their findings are missing, not zero. */
  unavailable?: UnavailableSection[];
  /** The challenge's own rule settings, applied by the judge before storing (core/quality/challenge-rules.ts). */
  challengeRules?: AppliedRule[];
}

/** What one of a challenge's rule settings did to an analysis: shown to graders beside the findings. */
export interface AppliedRule {
  rule: string;
  level: 'off' | FindingSeverity;
  reason: string;
  /** Findings of the rule the analysis made (hidden when `off`, re-levelled otherwise). */
  matched: number;
}

/** A section of the report that is missing, and why. */
export interface UnavailableSection {
  /** `lint` or `types`. */
  section: 'lint' | 'types';
  tool: string;
  reason: string;
}
