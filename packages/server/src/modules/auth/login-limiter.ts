/**
 * Fixed-window attempt counter, pure apart from the injected time. Login uses two: all attempts
 * per IP (stops spraying many accounts) and failed attempts per account (stops guessing one
 * password from many IPs) — successful logins do not count against an account.
 */
export interface AttemptLimiter {
  /** Seconds until the key may try again, or 0 when allowed. */
  blockedFor(key: string, nowMs: number): number;
  hit(key: string, nowMs: number): void;
  reset(key: string): void;
}

export function createAttemptLimiter(maxAttempts: number, windowMs: number): AttemptLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  const current = (key: string, nowMs: number) => {
    const w = windows.get(key);
    if (w === undefined || nowMs - w.start >= windowMs) return undefined;
    return w;
  };
  const sweep = (nowMs: number) => {
    // Bound memory under a flood of distinct keys.
    if (windows.size < 10_000) return;
    for (const [k, w] of windows) if (nowMs - w.start >= windowMs) windows.delete(k);
  };
  return {
    blockedFor(key, nowMs) {
      const w = current(key, nowMs);
      if (w === undefined || w.count < maxAttempts) return 0;
      return Math.ceil((w.start + windowMs - nowMs) / 1000);
    },
    hit(key, nowMs) {
      sweep(nowMs);
      const w = current(key, nowMs);
      if (w === undefined) windows.set(key, { start: nowMs, count: 1 });
      else w.count += 1;
    },
    reset(key) {
      windows.delete(key);
    },
  };
}
