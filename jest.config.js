/** Jest runs the TypeScript tests through SWC (no type-check at test time; `npm run typecheck` does that). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The fault suite restarts Redis, PostgreSQL and dockerd: it runs alone, after this one (jest.fault.config.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/fault/', '<rootDir>/test/fixtures/'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  maxWorkers: 2,
  testTimeout: 60000,
  // BullMQ and dockerode keep sockets in keep-alive pools a moment after close; do not wait for them.
  forceExit: true,
};
