import type Docker from 'dockerode';
import type { Logger } from 'pino';
import { isDockerReachable } from '../core/judging/docker-outage';

const POLL_MS = 1_000;

/**
 * Stops a worker taking jobs while the Docker Engine is unreachable, and lets it take them again once the Engine
 * answers. Without it, every queued job would be fetched, fail to start, and be put back, every 2 s, for as long
 * as the outage lasts.
 */
export function createDockerGate(docker: Docker, log: Logger, worker: { pause(): Promise<void>; resume(): Promise<void> }) {
  let down = false;
  let timer: NodeJS.Timeout | undefined;
  const poll = async () => {
    if (await isDockerReachable(docker)) {
      down = false;
      log.warn('the Docker Engine answers again; this worker takes jobs again');
      await worker.resume().catch((error: unknown) => log.error({ err: error }, 'could not resume the worker'));
      return;
    }
    timer = setTimeout(() => void poll(), POLL_MS);
  };
  return {
    /** Call when a run found the Engine unreachable; idempotent. */
    closeUntilDockerAnswers(): void {
      if (down) return;
      down = true;
      log.warn('the Docker Engine is unreachable; this worker takes no jobs until it answers (queued submissions wait, using up no attempt)');
      void worker.pause().catch((error: unknown) => log.error({ err: error }, 'could not pause the worker'));
      timer = setTimeout(() => void poll(), POLL_MS);
    },
    get isClosed(): boolean {
      return down;
    },
    stop(): void {
      clearTimeout(timer);
    },
  };
}
