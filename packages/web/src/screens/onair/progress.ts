/** Elapsed and remaining time of the item on air, from its start and planned end. */
export function progress(
  startedAt: string | null | undefined,
  endsAt: string | null | undefined,
  now: number,
): { elapsedMs: number; remainingMs: number | undefined; fraction: number | undefined } {
  const start = startedAt ? Date.parse(startedAt) : NaN;
  const end = endsAt ? Date.parse(endsAt) : NaN;
  const elapsedMs = Number.isNaN(start) ? 0 : Math.max(0, now - start);
  if (Number.isNaN(end) || Number.isNaN(start) || end <= start)
    return { elapsedMs, remainingMs: undefined, fraction: undefined };
  const remainingMs = Math.max(0, end - now);
  return { elapsedMs, remainingMs, fraction: Math.min(1, elapsedMs / (end - start)) };
}
