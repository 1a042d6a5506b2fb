import { withTimeout } from '../../core/platform/with-timeout';

describe('withTimeout', () => {
  test('answers what the promise answers, and leaves no timer behind', async () => {
    const clear = jest.spyOn(global, 'clearTimeout');
    await expect(withTimeout(Promise.resolve(7), 1_000, 'late')).resolves.toBe(7);
    await expect(withTimeout(Promise.reject(new Error('no')), 1_000, 'late')).rejects.toThrow('no');
    expect(clear).toHaveBeenCalledTimes(2);
    clear.mockRestore();
  });

  test('rejects with the message once the time has passed', async () => {
    await expect(withTimeout(new Promise(() => undefined), 10, 'Redis timed out')).rejects.toThrow('Redis timed out');
  });
});
