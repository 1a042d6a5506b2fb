/**
 * @module engine-sizing
 * The worker's concurrency and pool size from the Docker Engine's host (`docker info`: its cores and memory), which
 * is where the sandbox containers run: this machine for a local socket, another one for DOCKER_HOST=tcp://…
 */
import type Docker from 'dockerode';
import type { Logger } from 'pino';
import { withSizing, type Config } from '../core/platform/config';
import { describeDockerTarget } from '../sandbox/docker-target';

const INFO_TIMEOUT_MS = 3_000;

/** The Engine host's cores and memory, or undefined when the Engine does not answer in time. */
async function engineFigures(docker: Docker): Promise<{ cores: number; memoryMb: number } | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => { timer = setTimeout(() => resolve(undefined), INFO_TIMEOUT_MS); });
  try {
    const info = (await Promise.race([docker.info(), timeout])) as { NCPU?: number; MemTotal?: number } | undefined;
    if (!info || !(Number(info.NCPU) > 0) || !(Number(info.MemTotal) > 0)) return undefined;
    return { cores: Number(info.NCPU), memoryMb: Math.floor(Number(info.MemTotal) / 1_048_576) };
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Sizes what is not set from the Engine's host (the config sized it from this machine; that stays when the Engine is
 * not reachable at start), and logs the figures chosen and where they came from.
 */
export async function sizeFromEngine(docker: Docker, config: Config, log: Logger): Promise<Config> {
  const set = { concurrency: config.sizing.concurrency === 'WORKER_CONCURRENCY', poolSize: config.sizing.poolSize === 'SANDBOX_POOL_SIZE' };
  const engine = set.concurrency && set.poolSize ? undefined : await engineFigures(docker);
  const sized = engine ? withSizing(config, engine, set) : config;
  const { figures } = sized.sizing;
  log.info({
    concurrency: sized.WORKER_CONCURRENCY, concurrencyFrom: sized.sizing.concurrency,
    poolSize: sized.SANDBOX_POOL_SIZE, poolSizeFrom: sized.sizing.poolSize,
    host: { ...figures.host, from: engine ? 'docker engine' : 'this machine' }, engine: describeDockerTarget(config.docker),
    reserveMb: config.WORKER_MEMORY_RESERVE_MB, perJudgementMb: config.WORKER_JUDGEMENT_MEMORY_MB,
    judgementMemoryMb: figures.judgementMemoryMb, limitedBy: figures.limitedBy,
  }, 'worker sizing');
  return sized;
}
