/**
 * Bounds a Docker API call. dockerode sets no timeout, and a request caught by a dockerd restart can stay pending
 * forever, which would hold a judging job (and its worker's shutdown) for good; past the deadline it becomes an
 * infrastructure error, so BullMQ retries the job and the janitor removes what the call left behind.
 */
export function withDockerDeadline<T>(call: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Docker did not answer within ${ms} ms (${what})`)), ms);
  });
  return Promise.race([call, deadline]).finally(() => clearTimeout(timer));
}
