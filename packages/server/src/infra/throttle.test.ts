import { describe, expect, it } from 'vitest';
import { createKeyedThrottle, type ThrottleTimers } from './throttle.js';

/** Manual timers: the test decides when windows end. */
function manualTimers() {
  const pending = new Map<number, () => void>();
  let id = 0;
  const timers: ThrottleTimers = {
    setTimeout: (fn) => {
      id += 1;
      pending.set(id, fn);
      return id;
    },
    clearTimeout: (h) => pending.delete(h as number),
  };
  const fire = () => {
    const fns = [...pending.values()];
    pending.clear();
    for (const f of fns) f();
  };
  return { timers, fire, pending };
}

describe('createKeyedThrottle', () => {
  it('emits the first value at once, collapses a burst into its latest, per key', () => {
    const { timers, fire, pending } = manualTimers();
    const out: string[] = [];
    const th = createKeyedThrottle<number>(1000, (k, v) => out.push(`${k}=${v}`), timers);
    th.push('a', 1);
    th.push('a', 2);
    th.push('a', 3);
    th.push('b', 9);
    expect(out).toEqual(['a=1', 'b=9']);
    fire();
    expect(out).toEqual(['a=1', 'b=9', 'a=3']);
    fire(); // a quiet window closes without emitting
    expect(out).toHaveLength(3);
    expect(pending.size).toBe(0);
    th.push('a', 4);
    expect(out.at(-1)).toBe('a=4');
    th.close();
    expect(pending.size).toBe(0);
  });
});
