import Docker from 'dockerode';
import type { DockerTarget } from './docker-target';

/**
 * A dockerode client on the Engine the caller was configured with (`config.docker`: the local socket, or a remote
 * Engine over mutual TLS from DOCKER_HOST); a string is a socket path.
 */
export function createDocker(target: DockerTarget | string): Docker {
  if (typeof target === 'string') return new Docker({ socketPath: target });
  if (target.kind === 'socket') return new Docker({ socketPath: target.socketPath });
  return new Docker({ protocol: 'https', host: target.host, port: target.port, ca: target.ca, cert: target.cert, key: target.key });
}

/** Label every judge container carries, so the janitor can find the ones no live job owns. */
export const JUDGE_LABEL = 'ai-judge.sandbox';
