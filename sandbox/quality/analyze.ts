/**
 * @module quality/analyze
 * The whole code-quality analysis of a submission, run inside the sandbox in the harness's `quality` mode.
 */
import ts from 'typescript';
import { findDuplicates } from './duplication';
import { measureFunctions } from './functions';
import { findLlmRisks } from './llm-risks';
import { lintSources } from './lint';
import { findSecrets } from './secrets';
import { measureSize } from './size';
import { selectSources } from './source-files';
import { typeCheck } from './typecheck';
import type { FunctionMetrics, QualityAnalysisV1, QualityFinding } from './types';

/** Above these a function gets a finding (the usual defaults of ESLint's complexity/max-lines/max-depth rules). */
export const THRESHOLDS = { complexity: 10, functionLines: 60, nesting: 4, duplicateTokens: 50 };

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

function packageVersion(name: string): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the name is only known at run time
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Analyses the candidate's files with the judge's own configuration. */
export function analyzeQuality(files: Record<string, string>): QualityAnalysisV1 {
  const { sources, ignored } = selectSources(files);
  const functions = measureFunctions(sources);
  const size = measureSize(sources);
  const duplication = findDuplicates(sources, THRESHOLDS.duplicateTokens);
  const duplicateFindings: QualityFinding[] = duplication.blocks.flatMap((b) => b.occurrences.map((o) => ({
    kind: 'duplication' as const, rule: 'duplicated-block', severity: 'info' as const, file: o.file, line: o.line, column: 1, endLine: o.endLine,
    message: `${b.lines} lines (${b.tokens} tokens) repeated at ${b.occurrences.filter((x) => x !== o).map((x) => `${x.file}:${x.line}`).join(', ')}.`,
  })));
  const lint = lintSources(sources);
  const types = typeCheck(sources);
  const secrets = sources.flatMap(findSecrets);
  const risks = sources.flatMap(findLlmRisks);
  const findings = [...lint, ...types, ...secrets, ...risks, ...shapeFindings(functions), ...duplicateFindings]
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  const byRule = new Map<string, { rule: string; severity: QualityFinding['severity']; count: number }>();
  for (const f of lint) {
    const entry = byRule.get(f.rule) ?? { rule: f.rule, severity: f.severity, count: 0 };
    entry.count++;
    byRule.set(f.rule, entry);
  }
  const max = (key: 'complexity' | 'lines' | 'maxNesting') => functions.reduce((m, f) => Math.max(m, f[key]), 0);
  return {
    version: 1,
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
    lintByRule: [...byRule.values()].sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule)),
    functions,
    duplicates: duplication.blocks,
    size,
    tools: { eslint: packageVersion('eslint'), typescript: ts.version, 'typescript-eslint': packageVersion('typescript-eslint') },
    ignoredFiles: ignored,
  };
}
