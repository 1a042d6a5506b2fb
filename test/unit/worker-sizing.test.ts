import { sizeWorker, type SizingSettings } from '../../core/platform/worker-sizing';

const settings: SizingSettings = {
  WORKER_MEMORY_RESERVE_MB: 1_024, WORKER_JUDGEMENT_MEMORY_MB: 1_024, SANDBOX_CPUS: 1,
  QUALITY_ENABLED: true, QUALITY_CONCURRENCY: 1, QUALITY_MEMORY_MB: 1_024,
};

test('concurrency = min(cores / SANDBOX_CPUS, (memory − reserve − analyses) / per-judgement memory)', () => {
  // 16 GiB − 1 GiB − 1 GiB = 14 GiB: 14 by memory, 4 by cores
  expect(sizeWorker({ cores: 4, memoryMb: 16_384 }, settings)).toEqual({
    concurrency: 4, poolSize: 4, host: { cores: 4, memoryMb: 16_384 }, judgementMemoryMb: 14_336, limitedBy: 'cores',
  });
  // 4 GiB − 2 GiB = 2 GiB: 2 by memory although 8 cores
  expect(sizeWorker({ cores: 8, memoryMb: 4_096 }, settings)).toMatchObject({ concurrency: 2, poolSize: 2, limitedBy: 'memory' });
  expect(sizeWorker({ cores: 8, memoryMb: 4_096 }, { ...settings, QUALITY_ENABLED: false })).toMatchObject({ concurrency: 3 });
  expect(sizeWorker({ cores: 4, memoryMb: 16_384 }, { ...settings, SANDBOX_CPUS: 0.5 })).toMatchObject({ concurrency: 8, poolSize: 8 });
});

test('at least 1, at most the hard cap of 16; the pool at most 8', () => {
  expect(sizeWorker({ cores: 1, memoryMb: 512 }, settings)).toMatchObject({ concurrency: 1, poolSize: 1, judgementMemoryMb: 0 });
  expect(sizeWorker({ cores: 128, memoryMb: 1_048_576 }, settings)).toMatchObject({ concurrency: 16, poolSize: 8 });
});

test('a set concurrency is kept and sizes the pool', () => {
  expect(sizeWorker({ cores: 1, memoryMb: 512 }, settings, 6)).toMatchObject({ concurrency: 6, poolSize: 6 });
  expect(sizeWorker({ cores: 64, memoryMb: 262_144 }, settings, 12)).toMatchObject({ concurrency: 12, poolSize: 8 });
});

test('fractional memory figures are floored', () => {
  expect(sizeWorker({ cores: 2, memoryMb: 3_071.9 }, settings)).toMatchObject({ concurrency: 1, host: { memoryMb: 3_071 } });
});
