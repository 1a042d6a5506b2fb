import Docker from 'dockerode';
import { getConfig } from '../lib/config';

/** A dockerode client on the configured Engine socket. */
export function createDocker(socketPath = getConfig().DOCKER_SOCKET): Docker {
  return new Docker({ socketPath });
}

/** Label every judge container carries, so the janitor can find the ones no live job owns. */
export const JUDGE_LABEL = 'ai-judge.sandbox';
