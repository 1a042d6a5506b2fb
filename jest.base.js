/**
 * What every jest config shares. Jest runs the TypeScript tests through SWC (no type-check at test time; `npm run
 * typecheck` does that).
 */
const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  testTimeout: 60000,
};

/**
 * Suites with real PostgreSQL/Redis load the bundled challenges once per jest run into a template schema; each
 * test file's context copies those rows (test/helpers/challenge-template.ts).
 */
const withChallengeTemplate = {
  globalSetup: '<rootDir>/test/helpers/challenge-template-setup.ts',
  globalTeardown: '<rootDir>/test/helpers/challenge-template-teardown.ts',
};

/** The options a jest run takes at top level (not per project). */
const runOptions = {
  testTimeout: shared.testTimeout,
  // BullMQ and dockerode keep sockets in keep-alive pools a moment after close; do not wait for them.
  forceExit: true,
};

module.exports = { shared, withChallengeTemplate, runOptions };
