/**
 * @module quality/lint
 * ESLint 9's programmatic `Linter` with an in-memory flat config and typescript-eslint's parser: no file system
 * lookup, so no configuration the candidate sends is read, and inline `eslint-disable` comments are ignored.
 */
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import type { QualityFinding } from './types';
import type { SourceFile } from './source-files';

/** The judge's curated rules: correctness first, then maintainability; style is left to formatters. */
export const LINT_RULES: Linter.RulesRecord = {
  'no-var': 'error',
  'prefer-const': 'warn',
  eqeqeq: ['warn', 'smart'],
  'no-empty': 'warn',
  'no-fallthrough': 'error',
  'no-unreachable': 'error',
  'no-constant-condition': ['warn', { checkLoops: false }],
  'no-dupe-keys': 'error',
  'no-duplicate-case': 'error',
  'no-self-compare': 'error',
  'no-unsafe-finally': 'error',
  'no-unsafe-optional-chaining': 'error',
  'no-async-promise-executor': 'error',
  'no-promise-executor-return': 'warn',
  'no-useless-catch': 'warn',
  'no-eval': 'error',
  'no-implied-eval': 'error',
  'no-new-func': 'error',
  'no-throw-literal': 'warn',
  'no-shadow-restricted-names': 'error',
  'no-sparse-arrays': 'warn',
  'no-cond-assign': 'error',
  'no-param-reassign': 'warn',
  '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
  '@typescript-eslint/no-explicit-any': 'warn',
  '@typescript-eslint/no-non-null-assertion': 'warn',
  '@typescript-eslint/ban-ts-comment': 'warn',
  '@typescript-eslint/no-require-imports': 'warn',
  '@typescript-eslint/no-empty-function': 'warn',
  '@typescript-eslint/no-this-alias': 'warn',
  '@typescript-eslint/prefer-as-const': 'warn',
  '@typescript-eslint/no-duplicate-enum-values': 'error',
  '@typescript-eslint/no-unsafe-declaration-merging': 'error',
};

/** `require` is how CommonJS imports: normal in a `.js`/`.cjs` file (a JavaScript challenge may ask for CommonJS). */
const COMMONJS_RULES: Linter.RulesRecord = { ...LINT_RULES, '@typescript-eslint/no-require-imports': 'off' };

function configFor(file: string): Linter.Config[] {
  return [{
    files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'],
    languageOptions: { parser: tseslint.parser as Linter.Parser, ecmaVersion: 'latest', sourceType: file.endsWith('.cjs') ? 'commonjs' : 'module' },
    plugins: { '@typescript-eslint': tseslint.plugin as never },
    linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
    rules: /\.c?js$/.test(file) ? COMMONJS_RULES : LINT_RULES,
  }];
}

/** ESLint findings for every source. */
export function lintSources(sources: readonly SourceFile[]): QualityFinding[] {
  const linter = new Linter({ configType: 'flat', cwd: '/candidate' });
  const out: QualityFinding[] = [];
  for (const source of sources) {
    const messages = linter.verify(source.text, configFor(source.file), { filename: `/candidate/${source.file}` });
    for (const m of messages) {
      out.push({
        kind: 'lint',
        rule: m.ruleId ?? 'parse-error',
        severity: m.severity === 2 ? 'error' : 'warning',
        file: source.file,
        line: m.line ?? 1,
        column: m.column ?? 1,
        ...(m.endLine ? { endLine: m.endLine } : {}),
        message: m.message,
      });
    }
  }
  return out;
}
