/**
 * The main run: unit, integration and end-to-end tests side by side on two workers (one pool, so the short unit files
 * fill the gaps beside the long ones). `jest --selectProjects unit` (npm run test:unit, test:integration, test:e2e)
 * runs one kind. Not here, each run alone afterwards: the timing suites (jest.timing.config.js) and the fault suite
 * (jest.fault.config.js).
 */
const { shared, withChallengeTemplate, runOptions } = require('./jest.base.js');
const timingSuites = require('./test/timing-suites.js');

module.exports = {
  ...runOptions,
  maxWorkers: 2,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...shared, ...withChallengeTemplate, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'] },
    {
      ...shared, ...withChallengeTemplate, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...timingSuites],
    },
  ],
};
