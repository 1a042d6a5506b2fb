/**
 * Composition root of an API process (docker-compose's `api` service; `npm start` runs the same wiring). With
 * API_PROCESSES > 1 it forks that many processes sharing the port (node:cluster; the primary only restarts them).
 */
import cluster from 'node:cluster';
import type { Logger } from 'pino';
import { closeOnSignals } from '../core/platform/close-on-signals';
import { getConfig } from '../core/platform/config';
import { createLogger } from '../core/platform/logger';
import { startApiProcess } from './api-process';

/** Forks `processes` API processes and restarts any that exits; `stop` ends them all and resolves once they exited. */
function forkApiProcesses(processes: number, log: Logger): { stop(): Promise<void> } {
  let stopping = false;
  for (let i = 0; i < processes; i++) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    log.error({ pid: worker.process.pid, code, signal }, 'API process exited; starting another');
    cluster.fork();
  });
  return {
    stop: () => new Promise<void>((done) => {
      stopping = true;
      let left = Object.keys(cluster.workers ?? {}).length;
      if (left === 0) return done();
      cluster.on('exit', () => {
        if (--left === 0) done();
      });
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    }),
  };
}

const config = getConfig();
const log = createLogger(config.LOG_LEVEL);

if (config.API_PROCESSES > 1 && cluster.isPrimary) {
  const processes = forkApiProcesses(config.API_PROCESSES, log);
  closeOnSignals(log, [() => processes.stop()]);
} else {
  startApiProcess(config, log).then((api) => closeOnSignals(log, [() => api.close()]), (error: unknown) => {
    log.fatal({ err: error }, 'API failed to start');
    process.exit(1);
  });
}
