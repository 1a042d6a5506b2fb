/**
 * `promise`, or a rejection with `message` once `ms` have passed. The timer is cleared as soon as `promise` settles:
 * on the intake path every request races one, and a timer left to fire still costs an Error with its stack.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
    timer.unref();
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
