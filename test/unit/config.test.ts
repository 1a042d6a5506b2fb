import { getConfig } from '../../core/platform/config';

test('defaults apply when nothing is set', () => {
  const config = getConfig({});
  expect(config.PORT).toBe(3000);
  expect(config.WORKER_CONCURRENCY).toBe(2);
  expect(config.SANDBOX_OUTPUT_LIMIT_BYTES).toBe(1_048_576);
});

test('PORT overrides the port', () => {
  expect(getConfig({ PORT: '4100' }).PORT).toBe(4100);
});

test('limits above their hard caps fail at start-up naming each variable', () => {
  expect(() => getConfig({ MAX_WALL_TIME_MS: '999999999', WORKER_CONCURRENCY: 'lots' })).toThrow(
    /Invalid environment variables:\n\s+WORKER_CONCURRENCY: .*\n\s+MAX_WALL_TIME_MS: /,
  );
});
