/**
 * Mutual exclusion for scheduler work on one station: the loop and `POST /schedule/refresh` must
 * not interleave their read-plan-write cycles. In one process an in-memory lock is enough; the
 * multi-instance work backs this interface with Redis (SET NX PX + token check on release).
 */
export interface SchedulerLock {
  /** Runs `fn` holding `key`; resolves to undefined without running it when the key is busy. */
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T | undefined>;
  /** Like withLock but waits for the holder instead of skipping. */
  waitFor<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

export function inProcessLock(): SchedulerLock {
  // Per key, a chain of promises: each holder waits for the previous one to release.
  const queues = new Map<string, Promise<void>>();
  async function waitFor<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = queues.get(key) ?? Promise.resolve();
    let release: () => void = () => undefined;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const chained = previous.then(() => mine);
    queues.set(key, chained);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (queues.get(key) === chained) queues.delete(key);
    }
  }
  return {
    waitFor,
    async withLock<T>(key: string, fn: () => Promise<T>): Promise<T | undefined> {
      if (queues.has(key)) return undefined;
      return waitFor(key, fn);
    },
  };
}
