import type Docker from 'dockerode';
import type { Logger } from 'pino';
import type { SandboxLimits } from './container-config';
import { poolKey, StartedContainer } from './started-container';

const CLOSE_WAIT_MS = 10_000;
/** The longest wait between two failed starts, so a pool refills within seconds of Docker coming back. */
const MAX_RETRY_MS = 5_000;

export interface SandboxPoolOptions {
  image: string;
  limits: SandboxLimits;
  size: number;
  /** Idle containers older than this are replaced, so the janitor never mistakes one for an orphan. */
  maxIdleMs: number;
  labels: Record<string, string>;
  log: Logger;
}

/**
 * A few started, hardened, single-use containers waiting for their payload, refilled in the background. A container
 * leaves the pool when it is taken and is never returned: candidate code runs in it once, then it is removed.
 */
export class SandboxPool {
  private ready: StartedContainer[] = [];
  private starting = 0;
  private pending = new Set<Promise<unknown>>();
  private closed = false;
  private failures = 0;
  /** After a failed start, no new start before this time (Docker may be down: `take` must not retry on every call). */
  private retryAt = 0;
  private readonly key: string;
  private recycleTimer?: NodeJS.Timeout;

  constructor(private readonly docker: Docker, private readonly options: SandboxPoolOptions) {
    this.key = poolKey(options.image, options.limits);
  }

  /** Starts filling and recycling. */
  start(): void {
    this.fill();
    this.recycleTimer = setInterval(() => this.recycle(), Math.max(1_000, this.options.maxIdleMs / 4));
    this.recycleTimer.unref();
  }

  /** A warm container for this image and limits, or undefined (then the caller starts one cold). */
  take(image: string, limits: SandboxLimits): StartedContainer | undefined {
    if (this.closed || poolKey(image, limits) !== this.key) return undefined;
    let taken: StartedContainer | undefined;
    while (!taken && this.ready.length > 0) {
      const candidate = this.ready.shift()!;
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

  get idle(): number {
    return this.ready.length;
  }

  /** Stops refilling and removes every idle container, including those still starting. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.recycleTimer);
    // A start stuck on a restarting dockerd must not hold shutdown: one that finishes later sees `closed` and removes
    // its container, and the janitor removes any container whose worker is gone.
    await Promise.race([Promise.all([...this.pending]), new Promise((r) => setTimeout(r, CLOSE_WAIT_MS).unref())]);
    const idle = this.ready.splice(0);
    await Promise.all(idle.map((c) => c.dispose().catch(() => undefined)));
  }

  private fill(retrying = false): void {
    if (!retrying && this.failures > 0 && Date.now() < this.retryAt) return;
    while (!this.closed && this.ready.length + this.starting < this.options.size) {
      this.starting++;
      const started = StartedContainer.start(this.docker, this.options.image, this.options.limits, { ...this.options.labels, 'ai-judge.pool': '1' })
        .then(async (container) => {
          this.starting--;
          this.failures = 0;
          if (this.closed) await container.dispose().catch(() => undefined);
          else this.ready.push(container);
        }, (error: Error) => {
          this.starting--;
          this.failures++;
          const delayMs = Math.min(MAX_RETRY_MS, 500 * 2 ** (this.failures - 1));
          this.retryAt = Date.now() + delayMs;
          // the first failure and then one in ten: a Docker outage must not flood the log
          if (this.failures === 1 || this.failures % 10 === 0) this.options.log.warn({ err: error, failures: this.failures, retryInMs: delayMs }, 'sandbox pool could not start a container');
          if (!this.closed) setTimeout(() => this.fill(true), delayMs).unref();
        });
      this.pending.add(started);
      void started.finally(() => this.pending.delete(started));
      if (this.failures > 0) break; // after a failure, retry one at a time with backoff
    }
  }

  private recycle(): void {
    const now = Date.now();
    const stale = this.ready.filter((c) => !c.usable || now - c.startedAt > this.options.maxIdleMs);
    this.ready = this.ready.filter((c) => !stale.includes(c));
    for (const c of stale) void c.dispose().catch(() => undefined);
    this.fill();
  }
}
