// ESLint for the judge's own code: api, core, worker, sandbox, scripts, test (`npm run lint`). Not to be confused with
// the quality check that lints candidate code inside the sandbox (sandbox/quality/lint.ts), which has its own rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Node's CommonJS globals, for the jest configs and test/timing-suites.js (plain .js, not type-checked). */
const COMMONJS_GLOBALS = { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly' };

/** The browser globals api/pages/assets/pages.js uses (no framework, no bundler). */
const BROWSER_GLOBALS = {
  window: 'readonly', document: 'readonly', EventSource: 'readonly', FileReader: 'readonly', URL: 'readonly',
  console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', fetch: 'readonly', FormData: 'readonly',
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/', // sandbox/runtime/node_modules included
      '.build/',
      'sandbox/dist/',
      'test-artifacts/',
      // Challenge packages: starters, references and known-bad solutions, some of them bad on purpose. The publish
      // gate and the in-sandbox quality check judge them; our rules are not theirs.
      'challenges/',
      // A hostile challenge package (sandbox-escape probes run as a candidate's code); like challenges/, not our code.
      // test/fixtures/attacks.ts stays in: it is our module, the hostile code in it is only string literals.
      'test/fixtures/attack-probe/',
      'test/fixtures/secrecy-probe/',
      'test/fixtures/python-probe/',
    ],
  },
  // A disable comment that no longer disables anything is an error, so the exceptions stay the ones that are needed.
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // `any` flowing out of JSON.parse, res.json() and supertest bodies: flagging every use is a typing project,
      // not a bug hunt (about 800 sites, nearly all in tests). no-explicit-any still keeps new `any`s out of the code.
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // The code writes `xs[i]!` as if noUncheckedIndexedAccess were on; the `!` says "present here" to the reader
      // and would be needed again the day the flag is turned on. Removing ~130 of them is churn, not a fix.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // An async function without await is how an interface that returns a Promise is met; not a bug.
      '@typescript-eslint/require-await': 'off',
      // Express tells error middleware by its four parameters, so `_next` must stay; `_` marks deliberately unused.
      '@typescript-eslint/no-unused-vars': ['error', {
        argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_',
        destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true,
      }],
      // Real bugs, without churn (none today outside the exceptions marked in place).
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'error',
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // Command-line tools and the benchmark print to the terminal; that is their output, not a stray log.
    files: ['scripts/**', 'test/**/bench/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // Tests read loosely typed response bodies on purpose.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // A test file's `describe` callbacks group tests; their length is the number of tests, not one function's logic.
    files: ['test/**/*.test.ts'],
    rules: { 'max-lines-per-function': 'off' },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: COMMONJS_GLOBALS },
  },
  {
    files: ['api/pages/assets/**/*.js'],
    languageOptions: { sourceType: 'script', globals: BROWSER_GLOBALS },
  },
);
