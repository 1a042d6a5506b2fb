import type Docker from 'dockerode';
import type { Duplex } from 'node:stream';
import { containerConfig, type ContainerCapabilities, type SandboxLimits } from './container-config';
import { createDemuxer } from './demux';
import { withDockerDeadline } from './docker-deadline';

/** Which container to start: the image, its limits and labels, and optionally a command other than the image's own. */
export interface ContainerSpec {
  image: string;
  limits: SandboxLimits;
  labels: Record<string, string>;
  /**
   * An argv array that replaces the image's command (the harness), never a shell string. The container config (caps,
   * seccomp, no network, read-only root, limits) is the same whatever the command.
   */
  command?: readonly string[];
  /** `harness` (the default) keeps what the harness needs to run the candidate as its own uid; `none` keeps nothing. */
  capabilities?: ContainerCapabilities;
}

/** What one run gives the container and how far it may go. */
export interface FeedOptions {
  /** Written to the container's stdin, which is then closed. */
  stdin: string;
  /** Past this, measured from the feed, the container is killed from outside. */
  wallTimeMs: number;
  /** Bytes of stdout+stderr (demuxed) after which the container is killed. */
  outputLimitBytes: number;
}

/** How a run ended, as seen from outside the container. */
export interface SandboxOutcome {
  stdout: string;
  /** Stderr, up to about its first 16 KiB. */
  stderr: string;
  exitCode: number | null;
  timedOut: boolean;
  oomKilled: boolean;
  outputExceeded: boolean;
  durationMs: number;
}

const STDERR_KEEP = 16 * 1024;
/** How long Docker may take to create, attach, start, inspect, kill or remove a container. */
const DOCKER_CALL_MS = 30_000;
/** How long past the wall clock Docker may take to report a container's end. */
const DOCKER_WAIT_GRACE_MS = 15_000;
/** How long after the container's end its output stream may take to drain. */
const STREAM_DRAIN_MS = 1_000;

/**
 * A hardened container that is started and attached, with its process waiting for its payload on stdin. Single use:
 * `feed` gives it one payload and waits for the end; `dispose` removes it. Starting before the payload is known is what
 * lets the sandbox pool hide the container start (and the harness's own start-up) from the judgement. Every Docker
 * call has a deadline (`withDockerDeadline`): past it the call is an infrastructure error.
 */
export class StartedContainer {
  private stdout: Buffer[] = [];
  private stderr: Buffer[] = [];
  private outputBytes = 0;
  private stderrBytes = 0;
  private outputLimitBytes = Number.POSITIVE_INFINITY;
  private outputExceeded = false;
  private streamEnded = false;
  private used = false;
  private ended!: Promise<void>;

  private constructor(
    private readonly container: Docker.Container,
    private readonly stream: Duplex,
    /** Which pooled containers this one can stand in for (`poolKey`). */
    readonly key: string,
    readonly startedAt: number,
  ) {}

  /** Creates, attaches (before start, so no output is missed) and starts a container; removes it if a step fails. */
  static async start(docker: Docker, spec: ContainerSpec): Promise<StartedContainer> {
    const container = await withDockerDeadline(docker.createContainer(createOptions(spec)), DOCKER_CALL_MS, 'create');
    try {
      const attach = container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true });
      const stream = (await withDockerDeadline(attach, DOCKER_CALL_MS, 'attach')) as unknown as Duplex;
      const started = new StartedContainer(container, stream, poolKey(spec), Date.now());
      started.collectOutput();
      await withDockerDeadline(container.start(), DOCKER_CALL_MS, 'start');
      return started;
    } catch (error) {
      await withDockerDeadline(container.remove({ force: true, v: true }), DOCKER_CALL_MS, 'remove').catch(() => undefined);
      throw error;
    }
  }

  /** The Docker container id. */
  get id(): string {
    return this.container.id;
  }

  /** False once its output stream has ended (the container died while waiting) or it has been fed. */
  get usable(): boolean {
    return !this.used && !this.streamEnded;
  }

  /** Sends the payload, enforces the wall clock and the output cap from outside, and reports how the run ended. */
  async feed({ stdin, wallTimeMs, outputLimitBytes }: FeedOptions): Promise<SandboxOutcome> {
    if (!this.usable) throw new Error('sandbox container is not usable (already fed, or it exited while waiting)');
    this.used = true;
    this.outputLimitBytes = outputLimitBytes;
    let timedOut = false;
    const fedAt = Date.now();
    const wallClock = setTimeout(() => {
      timedOut = true;
      void this.kill();
    }, wallTimeMs);
    try {
      this.stream.end(stdin);
      const { StatusCode } = (await withDockerDeadline(this.container.wait(), wallTimeMs + DOCKER_WAIT_GRACE_MS, 'wait')) as { StatusCode: number };
      const durationMs = Date.now() - fedAt;
      clearTimeout(wallClock);
      await this.outputDrained(STREAM_DRAIN_MS);
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
      clearTimeout(wallClock);
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

  /** Waits for the output stream to end, at most `ms` (its last frames may trail the container's end). */
  private async outputDrained(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.ended, new Promise((resolve) => { timer = setTimeout(resolve, ms); })]);
    clearTimeout(timer);
  }

  /** SIGKILL, best effort: a container that is gone or a Docker that does not answer is left to `wait` and `dispose`. */
  private kill(): Promise<unknown> {
    return withDockerDeadline(this.container.kill({ signal: 'SIGKILL' }), DOCKER_CALL_MS, 'kill').catch(() => undefined);
  }

  /** Demuxes the attach stream into stdout and (the first 16 KiB of) stderr, killing the container past the cap. */
  private collectOutput(): void {
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
      this.outputBytes += data.length;
      if (this.outputBytes > this.outputLimitBytes) {
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

/** The hardened container config of `container-config.ts`, with the spec's command when it has one. */
function createOptions(spec: ContainerSpec): Docker.ContainerCreateOptions {
  const config = containerConfig(spec.image, spec.limits, spec.labels, spec.capabilities ?? 'harness');
  return spec.command ? { ...config, Cmd: [...spec.command] } : config;
}

/** Containers are interchangeable when they run the same image and command under the same limits and capabilities. */
export function poolKey(spec: Pick<ContainerSpec, 'image' | 'limits' | 'command' | 'capabilities'>): string {
  const { image, limits, command, capabilities } = spec;
  return JSON.stringify([image, limits.memoryMb, limits.cpus, limits.pids, limits.tmpfsMb, command ?? null, capabilities ?? 'harness']);
}
