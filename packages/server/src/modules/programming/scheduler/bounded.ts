/**
 * Runs `fn` over `items` with at most `limit` calls in flight, started in list order; resolves
 * when every item is done. `fn` is expected to catch its own errors: a rejection rejects the
 * whole run.
 */
export async function eachBounded<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await fn(item);
    }
  };
  const lanes = Math.max(1, Math.min(limit, items.length));
  await Promise.all(Array.from({ length: lanes }, lane));
}
