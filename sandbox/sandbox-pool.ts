import type Docker from 'dockerode';
import type { Logger } from 'pino';
import type { SandboxLimits } from './container-config';
import { poolKey, StartedContainer, type ContainerSpec } from './started-container';

const CLOSE_WAIT_MS = 10_000;
/** The first wait after a failed start; it doubles with each failure in a row. */
const FIRST_RETRY_MS = 500;
/** The longest wait between two failed starts, so a pool refills within seconds of Docker coming back. */
const MAX_RETRY_MS = 5_000;

/** What the pool keeps warm: containers of one image under one set of limits, running the image's own command (the harness). */
export interface SandboxPoolOptions {
  image: string;
  limits: SandboxLimits;
  /** How many started containers to keep waiting. */
  size: number;
  /** Idle containers older than this are replaced, so the janitor never mistakes one for an orphan. */
  maxIdleMs: number;
  labels: Record<string, string>;
  log: Logger;
}

/** What a run asks of a pooled container; only an exact match is served. */
export type PoolRequest = Pick<ContainerSpec, 'image' | 'limits' | 'command' | 'capabilities'>;

/**
 * A few started, hardened, single-use containers waiting for their payload, refilled in the background. A container
 * leaves the pool when it is taken and is never returned: candidate code runs in it once, then it is removed.
 */
export class SandboxPool {
  private idleContainers: StartedContainer[] = [];
  private startingCount = 0;
  private startsInFlight = new Set<Promise<unknown>>();
  private closed = false;
  private failuresInARow = 0;
  /** After a failed start, no new start before this time (Docker may be down: `take` must not retry on every call). */
  private retryAt = 0;
  private readonly key: string;
  private recycleTimer?: NodeJS.Timeout;

  constructor(private readonly docker: Docker, private readonly options: SandboxPoolOptions) {
    this.key = poolKey(options);
  }

  /** Starts filling and recycling. */
  start(): void {
    this.fill();
    this.recycleTimer = setInterval(() => this.replaceStale(), Math.max(1_000, this.options.maxIdleMs / 4));
    this.recycleTimer.unref();
  }

  /** A warm container for exactly this image, limits, command and capabilities, or undefined (the caller starts one cold). */
  take(request: PoolRequest): StartedContainer | undefined {
    if (this.closed || poolKey(request) !== this.key) return undefined;
    let taken: StartedContainer | undefined;
    while (!taken && this.idleContainers.length > 0) {
      const candidate = this.idleContainers.shift()!;
      if (candidate.usable) taken = candidate;
      else void candidate.dispose().catch(() => undefined);
    }
    if (!taken) this.fill();
    return taken;
  }

  /**
   * Starts replacements for taken containers. Called when a run ends rather than when it starts: on a 2-core machine
   * a container starting beside a run slows the run down more than the pool saves.
   */
  refill(): void {
    this.fill();
  }

  /** How many started containers are waiting. */
  get idle(): number {
    return this.idleContainers.length;
  }

  /** Stops refilling and removes every idle container, including those still starting. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.recycleTimer);
    // A start stuck on a restarting dockerd must not hold shutdown: one that finishes later sees `closed` and removes
    // its container, and the janitor removes any container whose worker is gone.
    await Promise.race([Promise.all([...this.startsInFlight]), new Promise((resolve) => setTimeout(resolve, CLOSE_WAIT_MS).unref())]);
    const idle = this.idleContainers.splice(0);
    await Promise.all(idle.map((container) => container.dispose().catch(() => undefined)));
  }

  /** Starts containers up to the pool's size, unless the backoff after a failed start still holds. */
  private fill(): void {
    if (this.failuresInARow > 0 && Date.now() < this.retryAt) return;
    this.startMissing();
  }

  /** Starts containers up to the pool's size; after a failure only one, so retries go one at a time with backoff. */
  private startMissing(): void {
    while (!this.closed && this.idleContainers.length + this.startingCount < this.options.size) {
      this.startOne();
      if (this.failuresInARow > 0) break;
    }
  }

  private startOne(): void {
    this.startingCount++;
    const labels = { ...this.options.labels, 'ai-judge.pool': '1' };
    const started = StartedContainer.start(this.docker, { image: this.options.image, limits: this.options.limits, labels })
      .then(async (container) => {
        this.startingCount--;
        this.failuresInARow = 0;
        if (this.closed) await container.dispose().catch(() => undefined);
        else this.idleContainers.push(container);
      }, (error: Error) => {
        this.startingCount--;
        this.startFailed(error);
      });
    this.startsInFlight.add(started);
    void started.finally(() => this.startsInFlight.delete(started));
  }

  /** Backs off (doubling, capped) and schedules the retry, which ignores the backoff `fill` checks. */
  private startFailed(error: Error): void {
    this.failuresInARow++;
    const retryInMs = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (this.failuresInARow - 1));
    this.retryAt = Date.now() + retryInMs;
    // the first failure and then one in ten: a Docker outage must not flood the log
    if (this.failuresInARow === 1 || this.failuresInARow % 10 === 0) {
      this.options.log.warn({ err: error, failures: this.failuresInARow, retryInMs }, 'sandbox pool could not start a container');
    }
    if (!this.closed) setTimeout(() => this.startMissing(), retryInMs).unref();
  }

  /** Removes idle containers that died or waited longer than `maxIdleMs`, and starts their replacements. */
  private replaceStale(): void {
    const now = Date.now();
    const stale = this.idleContainers.filter((container) => !container.usable || now - container.startedAt > this.options.maxIdleMs);
    this.idleContainers = this.idleContainers.filter((container) => !stale.includes(container));
    for (const container of stale) void container.dispose().catch(() => undefined);
    this.fill();
  }
}
