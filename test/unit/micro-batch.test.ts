import { createMicroBatcher } from '../../core/platform/micro-batch';

describe('createMicroBatcher', () => {
  test('concurrent calls share batches and each gets its own answer', async () => {
    const batches: number[][] = [];
    const double = createMicroBatcher(async (xs: number[]) => {
      batches.push(xs);
      await new Promise((r) => setTimeout(r, 5));
      return xs.map((x) => x * 2);
    }, { maxBatch: 10, maxInFlight: 1 });
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => double(i)));
    expect(results).toEqual(Array.from({ length: 25 }, (_, i) => i * 2));
    expect(batches.map((b) => b.length)).toEqual([10, 10, 5]);
  });

  test('a failed batch rejects every call in it, and later calls still run', async () => {
    let fail = true;
    const run = createMicroBatcher(async (xs: string[]) => {
      if (fail) throw new Error('database down');
      return xs;
    });
    await expect(Promise.all([run('a'), run('b')])).rejects.toThrow('database down');
    fail = false;
    await expect(run('c')).resolves.toBe('c');
  });

  test('at most maxInFlight batches run at once', async () => {
    let running = 0;
    let peak = 0;
    const run = createMicroBatcher(async (xs: number[]) => {
      peak = Math.max(peak, ++running);
      await new Promise((r) => setTimeout(r, 2));
      running--;
      return xs;
    }, { maxBatch: 1, maxInFlight: 3 });
    await Promise.all(Array.from({ length: 12 }, (_, i) => run(i)));
    expect(peak).toBe(3);
  });
});

test('with isolateFailures, one bad item fails alone and the rest of its batch succeeds', async () => {
  const calls: string[][] = [];
  const insert = createMicroBatcher(async (xs: string[]) => {
    calls.push(xs);
    if (xs.includes('bad')) throw new Error('invalid row');
    return xs.map((x) => x.toUpperCase());
  }, { isolateFailures: true });
  const settled = await Promise.allSettled(['a', 'bad', 'c'].map(insert));
  expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual(['A', 'invalid row', 'C']);
  expect(calls[0]).toEqual(['a', 'bad', 'c']);
});
