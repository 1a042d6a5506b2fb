import type { ContainerCreateOptions } from 'dockerode';
import { JUDGE_LABEL } from './docker-client';
import { seccompProfileJson } from './seccomp-profile';

/** A container's resource limits: memory (also the swap limit: no swap), CPUs, processes, and the /tmp tmpfs size. */
export interface SandboxLimits {
  memoryMb: number;
  cpus: number;
  pids: number;
  tmpfsMb: number;
}

/**
 * The container starts as root so the trusted harness can start the candidate's process under its own uid
 * (CANDIDATE_UID); the harness keeps only SETUID/SETGID (to do that), KILL (to end it) and CHOWN (to give it a home).
 * The candidate's process has no capabilities at all and cannot read the harness's memory, files or /proc entries.
 */
const SANDBOX_USER = '0:0';
/** What the harness keeps of root's capabilities, and nothing else. */
const HARNESS_CAPABILITIES = ['SETUID', 'SETGID', 'KILL', 'CHOWN'];
/** The uid (and gid) the harness runs the candidate's process as. */
export const CANDIDATE_UID = 10002;

/**
 * Which capabilities the container's process keeps: `harness` those the harness needs to run the candidate under its
 * own uid (the default), `none` none at all, for a one-shot command that starts no candidate process.
 */
export type ContainerCapabilities = 'harness' | 'none';
const SECCOMP = seccompProfileJson();

/**
 * The hardened container definition: no network, read-only root, a size-bounded noexec tmpfs, almost no capabilities,
 * memory without swap, pids and CPU limits, tini as PID 1, no log driver (output is read over attach), no binds.
 * `capabilities` can only take capabilities away (`none`); everything else is the same for every container.
 */
export function containerConfig(image: string, limits: SandboxLimits, labels: Record<string, string>, capabilities: ContainerCapabilities = 'harness'): ContainerCreateOptions {
  const memoryBytes = limits.memoryMb * 1024 * 1024;
  return {
    Image: image,
    User: SANDBOX_USER,
    WorkingDir: '/tmp',
    Env: ['JUDGE_WORK_DIR=/tmp/work', 'HOME=/tmp', `JUDGE_CANDIDATE_UID=${CANDIDATE_UID}`],
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    OpenStdin: true,
    StdinOnce: true,
    Tty: false,
    NetworkDisabled: true,
    Labels: { [JUDGE_LABEL]: '1', ...labels },
    HostConfig: {
      NetworkMode: 'none',
      ReadonlyRootfs: true,
      Tmpfs: { '/tmp': `rw,noexec,nosuid,nodev,size=${limits.tmpfsMb}m` },
      CapDrop: ['ALL'],
      CapAdd: capabilities === 'harness' ? [...HARNESS_CAPABILITIES] : [],
      SecurityOpt: ['no-new-privileges', `seccomp=${SECCOMP}`],
      Privileged: false,
      PidsLimit: limits.pids,
      Memory: memoryBytes,
      MemorySwap: memoryBytes,
      NanoCpus: Math.round(limits.cpus * 1e9),
      Ulimits: [
        { Name: 'nofile', Soft: 512, Hard: 512 },
        { Name: 'fsize', Soft: 32 * 1024 * 1024, Hard: 32 * 1024 * 1024 },
        { Name: 'core', Soft: 0, Hard: 0 },
      ],
      IpcMode: 'none',
      Init: true,
      LogConfig: { Type: 'none', Config: {} },
      AutoRemove: false,
      // Engine API 1.41 field that @types/dockerode does not list yet.
      ...({ CgroupnsMode: 'private' } as object),
    },
  };
}
