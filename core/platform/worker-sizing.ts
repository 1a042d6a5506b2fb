/**
 * @module worker-sizing
 * How many submissions a worker judges at once, and how many warm containers it keeps, when `WORKER_CONCURRENCY` and
 * `SANDBOX_POOL_SIZE` are not set: from the cores and memory of the host its sandbox containers run on.
 */

/** The host the sandbox containers run on. */
export interface HostFigures {
  cores: number;
  memoryMb: number;
}

/** The settings the sizing reads (the config's names). */
export interface SizingSettings {
  /** Memory kept for everything but judgements: the OS, Docker's daemons, the worker's own Node process. */
  WORKER_MEMORY_RESERVE_MB: number;
  /** Memory counted for one judgement (the challenge limit it may use; by default the cap on challenge limits). */
  WORKER_JUDGEMENT_MEMORY_MB: number;
  SANDBOX_CPUS: number;
  QUALITY_ENABLED: boolean;
  QUALITY_CONCURRENCY: number;
  QUALITY_MEMORY_MB: number;
}

/** What was chosen, and from what (logged by the worker at start). */
export interface WorkerSizing {
  concurrency: number;
  poolSize: number;
  host: HostFigures;
  /** Memory left for judgements once the reserve and the analyses are taken off. */
  judgementMemoryMb: number;
  limitedBy: 'cores' | 'memory';
}

/** The hard caps of `WORKER_CONCURRENCY` and `SANDBOX_POOL_SIZE`, which the computed figures stay within. */
export const MAX_WORKER_CONCURRENCY = 16;
export const MAX_SANDBOX_POOL_SIZE = 16;
/** The computed pool stays at or below this: each refill costs a container start, and more rarely pays off. */
export const SIZED_POOL_MAX = 8;

/**
 * concurrency = max(1, min(floor(cores / SANDBOX_CPUS), floor((memory - reserve - analyses) / per-judgement memory), 16))
 * where analyses = QUALITY_CONCURRENCY × QUALITY_MEMORY_MB when the analysis is on; pool = min(concurrency, 8), so
 * every judgement of a full worker can start warm. `setConcurrency` (WORKER_CONCURRENCY when set) replaces the first.
 */
export function sizeWorker(host: HostFigures, settings: SizingSettings, setConcurrency?: number): WorkerSizing {
  const analysesMb = settings.QUALITY_ENABLED ? settings.QUALITY_CONCURRENCY * settings.QUALITY_MEMORY_MB : 0;
  const judgementMemoryMb = Math.max(0, Math.floor(host.memoryMb) - settings.WORKER_MEMORY_RESERVE_MB - analysesMb);
  const byCores = Math.floor(host.cores / settings.SANDBOX_CPUS);
  const byMemory = Math.floor(judgementMemoryMb / settings.WORKER_JUDGEMENT_MEMORY_MB);
  const concurrency = setConcurrency ?? Math.max(1, Math.min(byCores, byMemory, MAX_WORKER_CONCURRENCY));
  return {
    concurrency,
    poolSize: Math.min(concurrency, SIZED_POOL_MAX, MAX_SANDBOX_POOL_SIZE),
    host: { cores: host.cores, memoryMb: Math.floor(host.memoryMb) },
    judgementMemoryMb,
    limitedBy: byMemory < byCores ? 'memory' : 'cores',
  };
}
