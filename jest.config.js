/** Jest runs the TypeScript tests through SWC (no type-check at test time; `npm run typecheck` does that). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Run alone, after this one: the fault suite restarts Redis, PostgreSQL and dockerd (jest.fault.config.js); the
  // timing suites judge references whose tests measure time (jest.timing.config.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/fault/', '<rootDir>/test/fixtures/', ...require('./test/timing-suites.js')],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  maxWorkers: 2,
  testTimeout: 60000,
  // BullMQ and dockerode keep sockets in keep-alive pools a moment after close; do not wait for them.
  forceExit: true,
};
