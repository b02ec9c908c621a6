import { describe, expect, it } from 'vitest';
import { createClock, dueFrames } from './clock.js';

describe('dueFrames', () => {
  it('prerolls, then follows real time without drift despite jittery ticks', () => {
    const clock = createClock(1000);
    expect(dueFrames(clock, 1000, 10, 100)).toBe(10);
    let total = 10;
    // Ticks arrive late and irregularly; the frame count still tracks elapsed time exactly.
    for (let t = 1000; t <= 1000 + 3_600_000; t += 20 + ((t / 20) % 7))
      total += dueFrames(clock, t, 10, 100);
    const last = 1000 + 3_600_000;
    total += dueFrames(clock, last, 10, 100);
    expect(total).toBe(Math.floor(3_600_000 / 20) + 10);
    expect(clock.slips).toBe(0);
  });

  it('rebases after a long stall instead of bursting', () => {
    const clock = createClock(0);
    dueFrames(clock, 0, 5, 50);
    expect(dueFrames(clock, 10_000, 5, 50)).toBe(50);
    expect(clock.slips).toBe(1);
    expect(dueFrames(clock, 10_020, 5, 50)).toBe(1);
  });

  it('renders nothing when ahead', () => {
    const clock = createClock(0);
    dueFrames(clock, 0, 5, 50);
    expect(dueFrames(clock, 10, 5, 50)).toBe(0);
  });
});
