/**
 * @module quality/analyze
 * The whole code-quality analysis of a TypeScript/JavaScript submission, run inside the sandbox in the harness's
 * `quality` mode (Python submissions: ./python-quality).
 */
import ts from 'typescript';
import { assembleAnalysis, THRESHOLDS } from './assemble';
import { findDuplicates } from './duplication';
import { measureFunctions } from './functions';
import { findLlmRisks } from './llm-risks';
import { lintSources } from './lint';
import { findSecrets } from './secrets';
import { findRegexRisks } from './regex-risks';
import { measureSize } from './size';
import { selectSources } from './source-files';
import { typeCheck } from './typecheck';
import type { QualityAnalysisV1 } from './types';

export { THRESHOLDS } from './assemble';

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
  return assembleAnalysis({
    language: sources.some((s) => s.isTypeScript) ? 'typescript' : 'javascript',
    functions: measureFunctions(sources),
    size: measureSize(sources),
    duplication: findDuplicates(sources, THRESHOLDS.duplicateTokens),
    lint: [...lintSources(sources), ...sources.flatMap(findRegexRisks)],
    types: typeCheck(sources),
    secrets: sources.flatMap(findSecrets),
    risks: sources.flatMap(findLlmRisks),
    tools: { eslint: packageVersion('eslint'), typescript: ts.version, 'typescript-eslint': packageVersion('typescript-eslint') },
    ignored,
  });
}
