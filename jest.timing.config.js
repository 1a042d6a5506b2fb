/** The timing suites (test/timing-suites.js): one file at a time, after the main run. */
const { shared, withChallengeTemplate, runOptions } = require('./jest.base.js');

module.exports = {
  ...shared,
  ...withChallengeTemplate,
  ...runOptions,
  displayName: 'e2e-timing',
  testMatch: require('./test/timing-suites.js'),
  maxWorkers: 1,
};
