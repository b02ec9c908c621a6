/**
 * Long pure computations (planning 72 hours of a 50k-track station) are written as generators
 * that `yield` between units of work. Tests and the bench run them to the end synchronously;
 * the server drives them in slices so the event loop, which listener streams and live ingest
 * share, is never held for long (infra/slices.ts).
 */
export type Steps<T> = Generator<void, T, void>;

export function runToEnd<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done === true) return r.value;
  }
}
