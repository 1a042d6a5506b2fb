import type { ContainerCreateOptions } from 'dockerode';
import { JUDGE_LABEL } from './docker-client';

export interface SandboxLimits {
  memoryMb: number;
  cpus: number;
  pids: number;
  tmpfsMb: number;
}

const SANDBOX_USER = '10001:10001';

/**
 * The hardened container definition: no network, read-only root, a size-bounded noexec tmpfs, no capabilities,
 * memory without swap, pids and CPU limits, tini as PID 1, no log driver (output is read over attach), no binds.
 */
export function containerConfig(image: string, limits: SandboxLimits, labels: Record<string, string>): ContainerCreateOptions {
  const memoryBytes = limits.memoryMb * 1024 * 1024;
  return {
    Image: image,
    User: SANDBOX_USER,
    WorkingDir: '/tmp',
    Env: ['JUDGE_WORK_DIR=/tmp/work', 'HOME=/tmp'],
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
      Tmpfs: { '/tmp': `rw,noexec,nosuid,nodev,size=${limits.tmpfsMb}m,uid=10001,gid=10001` },
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
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
