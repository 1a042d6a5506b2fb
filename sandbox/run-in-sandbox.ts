import type Docker from 'dockerode';
import type { Duplex } from 'node:stream';
import { containerConfig, type SandboxLimits } from './container-config';
import { createDemuxer } from './demux';

export interface SandboxRun {
  image: string;
  stdin: string;
  wallTimeMs: number;
  /** Bytes of stdout+stderr (demuxed) after which the container is killed. */
  outputLimitBytes: number;
  limits: SandboxLimits;
  labels: Record<string, string>;
  /** Called with the container id as soon as it exists (for logs and the janitor). */
  onCreated?: (containerId: string) => void;
}

export interface SandboxOutcome {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  timedOut: boolean;
  oomKilled: boolean;
  outputExceeded: boolean;
  durationMs: number;
}

const STDERR_KEEP = 16 * 1024;

/**
 * Runs one fresh, single-use container: create, attach, start, feed stdin, wait under a wall-clock limit enforced
 * from outside (SIGKILL), read OOM state, and always remove it. Docker failures throw; candidate behaviour never does.
 */
export async function runInSandbox(docker: Docker, run: SandboxRun): Promise<SandboxOutcome> {
  const container = await docker.createContainer(containerConfig(run.image, run.limits, run.labels));
  run.onCreated?.(container.id);
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  let bytes = 0;
  let stderrBytes = 0;
  let timedOut = false;
  let outputExceeded = false;
  let timer: NodeJS.Timeout | undefined;
  const kill = () => container.kill({ signal: 'SIGKILL' }).catch(() => undefined);
  try {
    const stream = (await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })) as unknown as Duplex;
    const ended = new Promise<void>((resolve) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', () => resolve());
    });
    stream.pipe(createDemuxer((which, data) => {
      bytes += data.length;
      if (bytes > run.outputLimitBytes) {
        if (!outputExceeded) void kill();
        outputExceeded = true;
        return;
      }
      if (which === 'stdout') stdout.push(data);
      else if (stderrBytes < STDERR_KEEP) {
        stderr.push(data);
        stderrBytes += data.length;
      }
    }));
    const started = Date.now();
    await container.start();
    timer = setTimeout(() => {
      timedOut = true;
      void kill();
    }, run.wallTimeMs);
    stream.end(run.stdin);
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    const durationMs = Date.now() - started;
    clearTimeout(timer);
    await Promise.race([ended, new Promise((r) => setTimeout(r, 1_000))]);
    const state = (await container.inspect()).State;
    return {
      stdout: Buffer.concat(stdout).toString('utf8'),
      stderr: Buffer.concat(stderr).toString('utf8'),
      exitCode: StatusCode,
      timedOut,
      oomKilled: Boolean(state.OOMKilled),
      outputExceeded,
      durationMs,
    };
  } finally {
    clearTimeout(timer);
    await container.remove({ force: true, v: true }).catch((error: { statusCode?: number }) => {
      if (error.statusCode !== 404) throw error;
    });
  }
}
