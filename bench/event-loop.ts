import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * Runs `fn` while sampling the event loop and returns the longest time the loop was held:
 * the histogram's max delay (ns → ms) at 1 ms resolution, the figure the "no request blocks the
 * event loop for more than ~50 ms" rule is about.
 */
export async function longestBlock<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  // Collect the garbage of what ran before (seeding a million rows) first, so that its pause
  // is not charged to this operation (npm run bench:event-loop runs node with --expose-gc).
  (globalThis as { gc?: () => void }).gc?.();
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  // The sampler is a libuv timer: it must have fired once before a block can be measured.
  await new Promise((r) => setTimeout(r, 10));
  try {
    const value = await fn();
    await new Promise((r) => setTimeout(r, 10));
    return [value, h.max / 1e6];
  } finally {
    h.disable();
  }
}
