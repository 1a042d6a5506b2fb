/**
 * Suites that judge every bundled challenge's reference and require its verdict. Those challenges' hidden tests
 * measure time (classify-endpoint: a 300 ms per-attempt timeout for 20 concurrent requests; finetune-jsonl: a 3 s
 * export), so on a 2-core machine they run one file at a time after the main run (jest.timing.config.js), where
 * another suite's containers cannot take their cores. They are end-to-end tests (test/e2e/); jest.config.js's e2e
 * project leaves them out. quality-golden.test.ts judges nothing, but runs ESLint, tsc, ruff and mypy over every bundled
 * solution (about 4.5 minutes on 2 cores), so it runs here too.
 */
module.exports = ['<rootDir>/test/e2e/judge-e2e.test.ts', '<rootDir>/test/e2e/submission-report.test.ts', '<rootDir>/test/e2e/usage-golden.test.ts', '<rootDir>/test/e2e/quality-golden.test.ts'];
