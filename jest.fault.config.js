/**
 * The fault suite: worker processes killed, and its own throwaway PostgreSQL and Redis restarted
 * (test/helpers/throwaway-postgres.ts, throwaway-redis.ts); the shared Docker Engine only with
 * JUDGE_FAULT_RESTART_DOCKER=1. Its files run one at a time and alone.
 */
const { shared, runOptions } = require('./jest.base.js');

module.exports = {
  ...shared,
  ...runOptions,
  displayName: 'fault',
  testMatch: ['<rootDir>/test/fault/**/*.test.ts'],
  maxWorkers: 1,
  testTimeout: 240000,
};
