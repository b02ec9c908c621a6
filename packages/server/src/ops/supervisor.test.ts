import { describe, expect, it } from 'vitest';
import { ENGINE_BACKOFF, nextDelay } from './supervisor.js';

describe('nextDelay (the engine supervisor back-off)', () => {
  it('starts at 0.1 s, doubles per crash in a row and stops at 30 s', () => {
    const delays: number[] = [];
    let d: number | undefined;
    for (let i = 0; i < 11; i++) {
      d = nextDelay(ENGINE_BACKOFF, d, 1_000);
      delays.push(d);
    }
    expect(delays).toEqual([
      100, 200, 400, 800, 1_600, 3_200, 6_400, 12_800, 25_600, 30_000, 30_000,
    ]);
  });

  it('starts over after a run of 10 s (the engine had started and played)', () => {
    expect(nextDelay(ENGINE_BACKOFF, 30_000, 9_999)).toBe(30_000);
    expect(nextDelay(ENGINE_BACKOFF, 30_000, 10_000)).toBe(100);
  });

  it('an engine killed every 30 s is restarted at once every time', () => {
    let d: number | undefined;
    for (let i = 0; i < 40; i++) d = nextDelay(ENGINE_BACKOFF, d, 30_000);
    expect(d).toBe(100);
  });
});
