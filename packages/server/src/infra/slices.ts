import { performance } from 'node:perf_hooks';

/** Work per turn of the event loop: well under the ~50 ms any request may hold it. */
const SLICE_MS = 10;

/** The event loop's next turn: timers, I/O and other requests run before the work goes on. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs a stepwise computation, handing the event loop back whenever a slice has taken
 * `budgetMs`. Same result as running it to the end at once, only spread over turns.
 */
export async function runSliced<T>(
  steps: Generator<void, T, void>,
  budgetMs = SLICE_MS,
): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done === true) return r.value;
    if (performance.now() - sliceStart >= budgetMs) {
      await nextTurn();
      sliceStart = performance.now();
    }
  }
}
