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

/** Exited longer ago than this, a judge container is garbage: every run removes its container as soon as it ends. */
const EXITED_GRACE_MS = 10_000;

async function exitedLongAgo(docker: Docker, info: Docker.ContainerInfo): Promise<boolean> {
  if (info.State === 'created') return Date.now() / 1000 - info.Created > EXITED_GRACE_MS / 1000; // its start failed
  if (info.State !== 'exited' && info.State !== 'dead') return false;
  const state = await docker.getContainer(info.Id).inspect().then((c) => c.State, () => undefined);
  return !state || Date.now() - Date.parse(state.FinishedAt) > EXITED_GRACE_MS;
}

/**
 * Removes judge containers that no live run can own: those of a worker on this host whose process is gone (killed
 * mid-judge), those that exited a while ago (a removal failed, e.g. while dockerd restarted), and any older than the
 * longest possible run plus the pool's idle limit (a worker elsewhere died). Returns the ids removed.
 */
export async function removeOrphanContainers(docker: Docker, maxAgeMs: number, self = ''): Promise<string[]> {
  const containers = await docker.listContainers({ all: true, filters: { label: [`${JUDGE_LABEL}=1`] } });
  const cutoff = Date.now() / 1000 - maxAgeMs / 1000;
  const removed: string[] = [];
  for (const info of containers) {
    const orphan = info.Created < cutoff || ownerIsDeadHere(info.Labels['ai-judge.worker'], self) || (await exitedLongAgo(docker, info));
    if (!orphan) continue;
    await docker.getContainer(info.Id).remove({ force: true, v: true }).catch(() => undefined);
    removed.push(info.Id);
  }
  return removed;
}

/** Removes every container a worker labelled as its own: called when it stops, after its jobs and its pool are done. */
export async function removeContainersOf(docker: Docker, workerId: string): Promise<void> {
  const containers = await docker.listContainers({ all: true, filters: { label: [`${JUDGE_LABEL}=1`, `ai-judge.worker=${workerId}`] } });
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined)));
}
