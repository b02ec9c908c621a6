import { describe, expect, it } from 'vitest';
import { createAttemptLimiter } from './login-limiter.js';

describe('attempt limiter', () => {
  it.each([
    { hits: 0, at: 0, blocked: 0 },
    { hits: 2, at: 1000, blocked: 0 },
    { hits: 3, at: 1000, blocked: 59 },
    { hits: 5, at: 59_500, blocked: 1 },
    { hits: 5, at: 60_000, blocked: 0 },
  ])('$hits hits then asked at $at ms → blocked $blocked s', ({ hits, at, blocked }) => {
    const limiter = createAttemptLimiter(3, 60_000);
    for (let i = 0; i < hits; i++) limiter.hit('k', 0);
    expect(limiter.blockedFor('k', at)).toBe(blocked);
  });

  it('keys are independent and reset clears one', () => {
    const limiter = createAttemptLimiter(1, 60_000);
    limiter.hit('a', 0);
    expect(limiter.blockedFor('a', 1)).toBeGreaterThan(0);
    expect(limiter.blockedFor('b', 1)).toBe(0);
    limiter.reset('a');
    expect(limiter.blockedFor('a', 1)).toBe(0);
  });
});
