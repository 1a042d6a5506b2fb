/** The timing suites (test/timing-suites.js): one file at a time, after the main suite. */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  testMatch: require('./test/timing-suites.js'),
  testPathIgnorePatterns: ['/node_modules/'],
  maxWorkers: 1,
};
