import type Docker from 'dockerode';
import { withTimeout } from '../platform/with-timeout';
import { InfrastructureError } from './judge-files';

/** How long a run waits, in the queue, before trying again while the Docker Engine cannot be reached. */
export const DOCKER_OUTAGE_RETRY_MS = 2_000;

/**
 * A run could not start or finish because the Docker Engine is unreachable (stopped, restarting, socket gone).
 * It is no fault of the submission and no sign that retrying is hopeless, so it does not use up one of the
 * submission's attempts: the job waits in the queue and is tried again when Docker answers.
 */
export class DockerUnavailableError extends InfrastructureError {}

/** Whether the Docker Engine answers a ping within `timeoutMs`. */
export async function isDockerReachable(docker: Docker, timeoutMs = 2_000): Promise<boolean> {
  return withTimeout(docker.ping(), timeoutMs, 'docker ping timed out').then(() => true, () => false);
}
