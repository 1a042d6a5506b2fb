import type Docker from 'dockerode';
import type { SandboxLimits } from './container-config';
import type { SandboxPool } from './sandbox-pool';
import { StartedContainer, type SandboxOutcome } from './started-container';

export type { SandboxOutcome };

export interface SandboxRun {
  image: string;
  stdin: string;
  wallTimeMs: number;
  /** Bytes of stdout+stderr (demuxed) after which the container is killed. */
  outputLimitBytes: number;
  limits: SandboxLimits;
  labels: Record<string, string>;
  /** Called with the container id once it is known (for logs). */
  onContainer?: (containerId: string, pooled: boolean) => void;
}

/**
 * Runs one payload in a fresh, single-use container: a warm one from the pool when one matches, else a cold start.
 * The container is always removed. Docker failures throw; candidate behaviour never does.
 */
export async function runInSandbox(docker: Docker, run: SandboxRun, pool?: SandboxPool): Promise<SandboxOutcome> {
  const warm = pool?.take(run.image, run.limits);
  const container = warm ?? (await StartedContainer.start(docker, run.image, run.limits, run.labels));
  run.onContainer?.(container.id, Boolean(warm));
  try {
    return await container.feed(run.stdin, run.wallTimeMs, run.outputLimitBytes);
  } finally {
    await container.dispose();
    pool?.refill();
  }
}
