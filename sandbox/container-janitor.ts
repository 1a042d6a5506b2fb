import type Docker from 'dockerode';
import { JUDGE_LABEL } from './docker-client';

/**
 * Removes judge containers that no live run can own: every run is bounded by the wall-clock cap, so a container
 * older than that (plus a margin) was left by a worker that died. Returns the ids removed.
 */
export async function removeOrphanContainers(docker: Docker, maxAgeMs: number): Promise<string[]> {
  const containers = await docker.listContainers({ all: true, filters: { label: [`${JUDGE_LABEL}=1`] } });
  const cutoff = Date.now() / 1000 - maxAgeMs / 1000;
  const removed: string[] = [];
  for (const info of containers.filter((c) => c.Created < cutoff)) {
    await docker.getContainer(info.Id).remove({ force: true, v: true }).catch(() => undefined);
    removed.push(info.Id);
  }
  return removed;
}
