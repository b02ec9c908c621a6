import { describe, expect, it } from 'vitest';
import { ENGINE_BACKOFF, nextDelay } from './supervisor.js';

describe('nextDelay (the engine supervisor back-off)', () => {
  it('starts at 0.5 s, doubles per crash in a row and stops at 30 s', () => {
    const delays: number[] = [];
    let d: number | undefined;
    for (let i = 0; i < 9; i++) {
      d = nextDelay(ENGINE_BACKOFF, d, 1_000);
      delays.push(d);
    }
    expect(delays).toEqual([500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('starts over after a stable minute', () => {
    expect(nextDelay(ENGINE_BACKOFF, 30_000, 59_999)).toBe(30_000);
    expect(nextDelay(ENGINE_BACKOFF, 30_000, 60_000)).toBe(500);
  });
});
