/**
 * @module quality/assemble
 * Turns the measurements of either language's analysis into the one report shape: threshold findings, duplication
 * findings, the headline and the per-rule lint counts.
 */
import type { DuplicationResult } from './duplication';
import type { FunctionMetrics, QualityAnalysisV1, QualityFinding, SizeMetrics } from './types';

/** Above these a function gets a finding (the usual defaults of ESLint's complexity/max-lines/max-depth rules). */
export const THRESHOLDS = { complexity: 10, functionLines: 60, nesting: 4, duplicateTokens: 50 };

/** What an analysis measured, before it is shaped into a report. */
export interface AnalysisParts {
  language: NonNullable<QualityAnalysisV1['language']>;
  functions: FunctionMetrics[];
  size: SizeMetrics;
  duplication: DuplicationResult;
  lint: QualityFinding[];
  types: QualityFinding[];
  secrets: QualityFinding[];
  risks: QualityFinding[];
  tools: Record<string, string>;
  ignored: string[];
  unavailable?: NonNullable<QualityAnalysisV1['unavailable']>;
}

function shapeFindings(functions: FunctionMetrics[]): QualityFinding[] {
  const out: QualityFinding[] = [];
  const at = (f: FunctionMetrics) => ({ file: f.file, line: f.line, column: 1, endLine: f.endLine });
  for (const f of functions) {
    if (f.complexity > THRESHOLDS.complexity) {
      out.push({ kind: 'complexity', rule: 'max-complexity', severity: 'warning', ...at(f), message: `${f.name} has a cyclomatic complexity of ${f.complexity} (over ${THRESHOLDS.complexity}).` });
    }
    if (f.lines > THRESHOLDS.functionLines) {
      out.push({ kind: 'length', rule: 'max-function-lines', severity: 'warning', ...at(f), message: `${f.name} is ${f.lines} lines long (over ${THRESHOLDS.functionLines}).` });
    }
    if (f.maxNesting > THRESHOLDS.nesting) {
      out.push({ kind: 'nesting', rule: 'max-nesting', severity: 'warning', ...at(f), message: `${f.name} nests blocks ${f.maxNesting} deep (over ${THRESHOLDS.nesting}).` });
    }
  }
  return out;
}

function duplicateFindings(duplication: DuplicationResult): QualityFinding[] {
  return duplication.blocks.flatMap((b) => b.occurrences.map((o) => ({
    kind: 'duplication' as const, rule: 'duplicated-block', severity: 'info' as const, file: o.file, line: o.line, column: 1, endLine: o.endLine,
    message: `${b.lines} lines (${b.tokens} tokens) repeated at ${b.occurrences.filter((x) => x !== o).map((x) => `${x.file}:${x.line}`).join(', ')}.`,
  })));
}

/** Lint findings counted by rule, most frequent first (also used when a challenge's rule settings change them). */
export function countByRule(lint: QualityFinding[]): QualityAnalysisV1['lintByRule'] {
  const byRule = new Map<string, { rule: string; severity: QualityFinding['severity']; count: number }>();
  for (const f of lint) {
    const entry = byRule.get(f.rule) ?? { rule: f.rule, severity: f.severity, count: 0 };
    entry.count++;
    byRule.set(f.rule, entry);
  }
  return [...byRule.values()].sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule));
}

/** The report of one analysis. */
export function assembleAnalysis(p: AnalysisParts): QualityAnalysisV1 {
  const { functions, size, duplication, lint, types, secrets, risks } = p;
  const findings = [...lint, ...types, ...secrets, ...risks, ...shapeFindings(functions), ...duplicateFindings(duplication)]
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  const max = (key: 'complexity' | 'lines' | 'maxNesting') => functions.reduce((m, f) => Math.max(m, f[key]), 0);
  return {
    version: 1,
    language: p.language,
    headline: {
      lintErrors: lint.filter((f) => f.severity === 'error').length,
      lintWarnings: lint.filter((f) => f.severity !== 'error').length,
      typeErrors: types.length,
      maxComplexity: max('complexity'),
      maxFunctionLines: max('lines'),
      maxNesting: max('maxNesting'),
      duplicationPercent: size.linesOfCode ? Math.round((1000 * duplication.duplicatedLines) / size.linesOfCode) / 10 : 0,
      secrets: secrets.length,
      llmCallRisks: risks.filter((r) => r.severity !== 'info').length,
      files: size.files,
      linesOfCode: size.linesOfCode,
      commentRatio: size.commentRatio,
    },
    findings,
    lintByRule: countByRule(lint),
    functions,
    duplicates: duplication.blocks,
    size,
    tools: p.tools,
    ignoredFiles: p.ignored,
    ...(p.unavailable?.length ? { unavailable: p.unavailable } : {}),
  };
}
