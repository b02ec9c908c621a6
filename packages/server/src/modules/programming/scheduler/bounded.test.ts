import { describe, expect, it } from 'vitest';
import { eachBounded } from './bounded.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('eachBounded', () => {
  it.each([
    [0, 3, 0],
    [1, 3, 1],
    [5, 1, 1],
    [5, 3, 3],
    [20, 3, 3],
    [2, 4, 2],
  ])('%i items, limit %i: all run in list order, at most %i at once', async (n, limit, peak) => {
    const items = Array.from({ length: n }, (_, i) => i);
    const started: number[] = [];
    const done: number[] = [];
    let inFlight = 0;
    let most = 0;
    await eachBounded(items, limit, async (i) => {
      started.push(i);
      inFlight += 1;
      most = Math.max(most, inFlight);
      // Uneven work, so lanes finish out of order.
      for (let k = 0; k < 1 + ((i * 7) % 4); k++) await tick();
      inFlight -= 1;
      done.push(i);
    });
    expect(started).toEqual(items);
    expect([...done].sort((a, b) => a - b)).toEqual(items);
    expect(most).toBe(peak);
  });
});
