import type Docker from 'dockerode';
import type { Duplex } from 'node:stream';
import { containerConfig, type SandboxLimits } from './container-config';
import { createDemuxer } from './demux';
import { withDockerDeadline } from './docker-deadline';

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
/** How long Docker may take to create, attach and start a container, or to remove one. */
const DOCKER_CALL_MS = 30_000;
/** How long past the wall clock Docker may take to report a container's end. */
const DOCKER_WAIT_GRACE_MS = 15_000;

/**
 * A hardened container that is started and attached, with the harness waiting for its payload on stdin. Single use:
 * `feed` gives it one payload and waits for the end; `dispose` removes it. Starting before the payload is known is what
 * lets the sandbox pool hide the container start (and the harness's own start-up) from the judgement.
 */
export class StartedContainer {
  private stdout: Buffer[] = [];
  private stderr: Buffer[] = [];
  private bytes = 0;
  private stderrBytes = 0;
  private outputLimit = Number.POSITIVE_INFINITY;
  private outputExceeded = false;
  private streamEnded = false;
  private used = false;
  private ended!: Promise<void>;

  private constructor(
    private readonly container: Docker.Container,
    private readonly stream: Duplex,
    readonly key: string,
    readonly startedAt: number,
  ) {}

  /** Creates, attaches (before start, so no output is missed) and starts a container. */
  static async start(docker: Docker, image: string, limits: SandboxLimits, labels: Record<string, string>): Promise<StartedContainer> {
    const container = await withDockerDeadline(docker.createContainer(containerConfig(image, limits, labels)), DOCKER_CALL_MS, 'create');
    try {
      const stream = (await withDockerDeadline(container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true }), DOCKER_CALL_MS, 'attach')) as unknown as Duplex;
      const started = new StartedContainer(container, stream, poolKey(image, limits), Date.now());
      started.listen();
      await withDockerDeadline(container.start(), DOCKER_CALL_MS, 'start');
      return started;
    } catch (error) {
      await withDockerDeadline(container.remove({ force: true }), DOCKER_CALL_MS, 'remove').catch(() => undefined);
      throw error;
    }
  }

  get id(): string {
    return this.container.id;
  }

  /** False once its output stream has ended (the container died while waiting) or it has been fed. */
  get usable(): boolean {
    return !this.used && !this.streamEnded;
  }

  /** Sends the payload, enforces the wall clock and the output cap from outside, and reports how the run ended. */
  async feed(stdin: string, wallTimeMs: number, outputLimitBytes: number): Promise<SandboxOutcome> {
    if (!this.usable) throw new Error('sandbox container is not usable (already fed, or it exited while waiting)');
    this.used = true;
    this.outputLimit = outputLimitBytes;
    let timedOut = false;
    const fedAt = Date.now();
    const timer = setTimeout(() => {
      timedOut = true;
      void this.kill();
    }, wallTimeMs);
    try {
      this.stream.end(stdin);
      const { StatusCode } = (await withDockerDeadline(this.container.wait(), wallTimeMs + DOCKER_WAIT_GRACE_MS, 'wait')) as { StatusCode: number };
      const durationMs = Date.now() - fedAt;
      clearTimeout(timer);
      await Promise.race([this.ended, new Promise((r) => setTimeout(r, 1_000))]);
      const state = (await withDockerDeadline(this.container.inspect(), DOCKER_CALL_MS, 'inspect')).State;
      return {
        stdout: Buffer.concat(this.stdout).toString('utf8'),
        stderr: Buffer.concat(this.stderr).toString('utf8'),
        exitCode: StatusCode,
        timedOut,
        oomKilled: Boolean(state.OOMKilled),
        outputExceeded: this.outputExceeded,
        durationMs,
      };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Removes the container (and kills it if it still runs); a container that is already gone is fine. */
  async dispose(): Promise<void> {
    this.used = true;
    this.stream.destroy();
    await withDockerDeadline(this.container.remove({ force: true, v: true }), DOCKER_CALL_MS, 'remove').catch((error: { statusCode?: number }) => {
      if (error.statusCode !== 404) throw error;
    });
  }

  private kill(): Promise<unknown> {
    return this.container.kill({ signal: 'SIGKILL' }).catch(() => undefined);
  }

  private listen(): void {
    this.ended = new Promise<void>((resolve) => {
      const done = () => {
        this.streamEnded = true;
        resolve();
      };
      this.stream.on('end', done);
      this.stream.on('close', done);
      this.stream.on('error', done);
    });
    this.stream.pipe(createDemuxer((which, data) => {
      this.bytes += data.length;
      if (this.bytes > this.outputLimit) {
        if (!this.outputExceeded) void this.kill();
        this.outputExceeded = true;
        return;
      }
      if (which === 'stdout') this.stdout.push(data);
      else if (this.stderrBytes < STDERR_KEEP) {
        this.stderr.push(data);
        this.stderrBytes += data.length;
      }
    }));
  }
}

/** Containers are interchangeable when they run the same image under the same limits. */
export function poolKey(image: string, limits: SandboxLimits): string {
  return JSON.stringify([image, limits.memoryMb, limits.cpus, limits.pids, limits.tmpfsMb]);
}
