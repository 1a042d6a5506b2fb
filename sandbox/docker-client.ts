import Docker from 'dockerode';

/** A dockerode client on the Engine socket the caller was configured with. */
export function createDocker(socketPath: string): Docker {
  return new Docker({ socketPath });
}

/** Label every judge container carries, so the janitor can find the ones no live job owns. */
export const JUDGE_LABEL = 'ai-judge.sandbox';
