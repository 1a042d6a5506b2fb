/** Composition root of a worker process (docker-compose's `worker` service; `npm start` runs the same wiring). */
import { closeOnSignals } from '../core/platform/close-on-signals';
import { getConfig } from '../core/platform/config';
import { createLogger } from '../core/platform/logger';
import { startWorkerProcess } from './worker-process';

const config = getConfig();
const log = createLogger(config.LOG_LEVEL);

startWorkerProcess(config, log).then((worker) => closeOnSignals(log, [() => worker.close()]), (error: unknown) => {
  log.fatal({ err: error }, 'worker failed to start');
  process.exit(1);
});
