/** On SIGTERM or SIGINT, runs the closing steps in order (each awaited), then exits 0. */
export function closeOnSignals(steps: Array<() => unknown>): void {
  const stop = async () => {
    for (const step of steps) await step();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}
