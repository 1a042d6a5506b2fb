import type { Logger } from 'pino';

/**
 * The one signal handling of every process (API, worker, `npm start`): on the first SIGTERM or SIGINT, logs it, runs
 * the closing steps in order (each awaited; a failing step is logged and the next still runs), then exits 0.
 */
export function closeOnSignals(log: Logger, steps: Array<() => unknown>): void {
  const stop = async (signal: NodeJS.Signals) => {
    log.info({ signal }, 'stopping: finishing or handing back in-flight work');
    for (const step of steps) {
      try {
        await step();
      } catch (error) {
        log.warn({ err: error }, 'a closing step failed');
      }
    }
    process.exit(0);
  };
  let stopping = false;
  const once = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    void stop(signal);
  };
  process.once('SIGTERM', once);
  process.once('SIGINT', once);
}
