/**
 * @module run-in-sandbox
 * The one container runner: judging, the warm pool's runs, the quality analysis and the upload's test plan all start,
 * feed and remove their containers through `runInSandbox`.
 */
import type Docker from 'dockerode';
import type { SandboxPool } from './sandbox-pool';
import { StartedContainer, type ContainerSpec, type FeedOptions, type SandboxOutcome } from './started-container';

export type { ContainerSpec, FeedOptions, SandboxOutcome };

/** Which container a run was given, for logs. */
export interface RunContainer {
  containerId: string;
  /** True when it came warm from the pool, false when it was started for this run. */
  pooled: boolean;
}

/** One run: the container to use (`ContainerSpec`) and what it is fed (`FeedOptions`). */
export interface SandboxRun extends ContainerSpec, FeedOptions {
  /** Called once the container is known, before it is fed. */
  onContainer?: (container: RunContainer) => void;
}

/**
 * Runs one payload in a fresh, single-use container (the hardened config of `container-config.ts`): a warm one from
 * the pool when one matches the run's image, limits and command, else a cold start. Every Docker call has a deadline,
 * the wall clock and the output cap are enforced from outside, and the container is always removed. Docker failures
 * throw; what the code inside does never does.
 */
export async function runInSandbox(docker: Docker, run: SandboxRun, pool?: SandboxPool): Promise<SandboxOutcome> {
  const warm = pool?.take(run);
  const container = warm ?? (await StartedContainer.start(docker, run));
  run.onContainer?.({ containerId: container.id, pooled: warm !== undefined });
  try {
    return await container.feed(run);
  } finally {
    await container.dispose();
    pool?.refill();
  }
}
