/**
 * Coalesces concurrent calls into batches, like a database's group commit: a call made while `maxInFlight` batches
 * are running waits for the next batch instead of paying its own round trip. An idle batcher flushes on the next
 * turn of the event loop, so a lone call is not delayed; under load, batches grow by themselves.
 */
export function createMicroBatcher<In, Out>(
  run: (items: In[]) => Promise<Out[]>,
  options: { maxBatch?: number; maxInFlight?: number } = {},
): (item: In) => Promise<Out> {
  const maxBatch = options.maxBatch ?? 64;
  const maxInFlight = options.maxInFlight ?? 2;
  let waiting: Array<{ item: In; resolve: (out: Out) => void; reject: (error: unknown) => void }> = [];
  let inFlight = 0;
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    while (inFlight < maxInFlight && waiting.length > 0) {
      const batch = waiting.slice(0, maxBatch);
      waiting = waiting.slice(batch.length);
      inFlight++;
      run(batch.map((w) => w.item)).then(
        (outs) => batch.forEach((w, i) => w.resolve(outs[i]!)),
        (error: unknown) => batch.forEach((w) => w.reject(error)),
      ).finally(() => {
        inFlight--;
        schedule();
      });
    }
  };
  const schedule = () => {
    if (scheduled || waiting.length === 0 || inFlight >= maxInFlight) return;
    scheduled = true;
    setImmediate(flush);
  };
  return (item) => new Promise<Out>((resolve, reject) => {
    waiting.push({ item, resolve, reject });
    schedule();
  });
}
