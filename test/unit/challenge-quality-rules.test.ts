/** A challenge's own settings for the code-quality analysis, applied before the analysis is stored. */
import { applyChallengeRules } from '../../core/quality/challenge-rules';
import { manifestSchema } from '../../core/challenges/challenge-package';
import type { QualityAnalysisV1, QualityFinding } from '../../sandbox/quality/types';
import { lintSources } from '../../sandbox/quality/lint';
import { selectSources } from '../../sandbox/quality/source-files';

const finding = (kind: QualityFinding['kind'], rule: string, severity: QualityFinding['severity']): QualityFinding => ({ kind, rule, severity, file: 'src/solution.ts', line: 1, column: 1, message: rule });

function analysis(findings: QualityFinding[]): QualityAnalysisV1 {
  return {
    version: 1, language: 'typescript', findings, lintByRule: [], functions: [], duplicates: [], tools: {}, ignoredFiles: [],
    size: { files: 1, lines: 1, linesOfCode: 1, commentLines: 0, blankLines: 0, commentRatio: 0, perFile: [] },
    headline: { lintErrors: 1, lintWarnings: 1, typeErrors: 0, maxComplexity: 1, maxFunctionLines: 1, maxNesting: 0, duplicationPercent: 0, secrets: 0, llmCallRisks: 2, files: 1, linesOfCode: 1, commentRatio: 0 },
  };
}

test('an off rule is not counted, a re-levelled one counts at its new level, and graders read what each setting did', () => {
  const before = analysis([finding('llm-risk', 'llm-client-no-timeout', 'warning'), finding('llm-risk', 'llm-fetch-no-abort', 'warning'),
    finding('lint', 'no-var', 'error'), finding('lint', 'prefer-const', 'warning')]);
  const after = applyChallengeRules(before, { rules: {
    'llm-client-no-timeout': { level: 'off', reason: 'The statement says a plain new OpenAI() is fine.' },
    'prefer-const': { level: 'error', reason: 'This team blocks on it.' },
    'no-such-rule': { level: 'info', reason: 'never seen' },
  } });
  expect(after.findings.map((f) => `${f.rule}:${f.severity}`)).toEqual(['llm-fetch-no-abort:warning', 'no-var:error', 'prefer-const:error']);
  expect(after.headline).toMatchObject({ lintErrors: 2, lintWarnings: 0, llmCallRisks: 1 });
  expect(after.lintByRule).toEqual([{ rule: 'no-var', severity: 'error', count: 1 }, { rule: 'prefer-const', severity: 'error', count: 1 }]);
  expect(after.challengeRules).toEqual([
    { rule: 'llm-client-no-timeout', level: 'off', reason: 'The statement says a plain new OpenAI() is fine.', matched: 1 },
    { rule: 'prefer-const', level: 'error', reason: 'This team blocks on it.', matched: 1 },
    { rule: 'no-such-rule', level: 'info', reason: 'never seen', matched: 0 },
  ]);
  expect(applyChallengeRules(before, undefined)).toBe(before);
});

test('the manifest takes quality.rules with a level and a reason, and refuses anything else', () => {
  const base = { slug: 'q-rules', title: 't', family: 'data', summary: 's', languages: ['typescript'], entry: { typescript: 'src/solution.ts' } };
  expect(manifestSchema.parse({ ...base, quality: { rules: { 'llm-client-no-timeout': { level: 'off', reason: 'statement' } } } }).quality).toBeDefined();
  expect(manifestSchema.safeParse({ ...base, quality: { rules: { 'x': { level: 'off' } } } }).success).toBe(false);
  expect(manifestSchema.safeParse({ ...base, quality: { rules: { 'x': { level: 'loud', reason: 'r' } } } }).success).toBe(false);
  expect(manifestSchema.safeParse({ ...base, quality: { rules: {}, extra: 1 } }).success).toBe(false);
});

test('require() is normal in a .js file (CommonJS) and still a finding in TypeScript', () => {
  const code = "const fs = require('node:fs');\nmodule.exports = { read: () => fs.readFileSync('x') };\n";
  const rules = (file: string) => lintSources(selectSources({ [file]: code }).sources).map((f) => f.rule);
  expect(rules('src/solution.js')).not.toContain('@typescript-eslint/no-require-imports');
  expect(rules('src/solution.ts')).toContain('@typescript-eslint/no-require-imports');
});
