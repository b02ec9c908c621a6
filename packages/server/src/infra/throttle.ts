export interface ThrottleTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
const realTimers: ThrottleTimers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * Per-key leading + trailing throttle: the first value of a quiet key goes out at once, later
 * ones within `intervalMs` collapse into the latest, which goes out when the window ends. So a
 * burst of listener joins costs one event per second, and the final count is always delivered.
 */
export function createKeyedThrottle<T>(
  intervalMs: number,
  emit: (key: string, value: T) => void,
  timers: ThrottleTimers = realTimers,
) {
  const windows = new Map<string, { timer: unknown; latest: { value: T } | undefined }>();
  function open(key: string): void {
    const w = {
      latest: undefined as { value: T } | undefined,
      timer: timers.setTimeout(() => {
        windows.delete(key);
        if (w.latest !== undefined) {
          emit(key, w.latest.value);
          open(key);
        }
      }, intervalMs),
    };
    windows.set(key, w);
  }
  return {
    push(key: string, value: T): void {
      const w = windows.get(key);
      if (w !== undefined) {
        w.latest = { value };
        return;
      }
      emit(key, value);
      open(key);
    },
    close(): void {
      for (const w of windows.values()) timers.clearTimeout(w.timer);
      windows.clear();
    },
  };
}
