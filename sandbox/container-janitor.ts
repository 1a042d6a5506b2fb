import { hostname } from 'node:os';
import type Docker from 'dockerode';
import { JUDGE_LABEL } from './docker-client';

/** True when the label names a worker on this host whose process no longer exists. */
function ownerIsDeadHere(owner: string | undefined, self: string): boolean {
  if (!owner || owner === self) return false;
  const at = owner.lastIndexOf('-');
  if (owner.slice(0, at) !== hostname()) return false;
  const pid = Number(owner.slice(at + 1));
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Removes judge containers that no live run can own: those of a worker on this host whose process is gone (killed
 * mid-judge), and any older than the longest possible run plus the pool's idle limit (a worker elsewhere died).
 * Returns the ids removed.
 */
export async function removeOrphanContainers(docker: Docker, maxAgeMs: number, self = ''): Promise<string[]> {
  const containers = await docker.listContainers({ all: true, filters: { label: [`${JUDGE_LABEL}=1`] } });
  const cutoff = Date.now() / 1000 - maxAgeMs / 1000;
  const removed: string[] = [];
  for (const info of containers) {
    if (info.Created >= cutoff && !ownerIsDeadHere(info.Labels['ai-judge.worker'], self)) continue;
    await docker.getContainer(info.Id).remove({ force: true, v: true }).catch(() => undefined);
    removed.push(info.Id);
  }
  return removed;
}
