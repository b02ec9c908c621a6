import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { MIN_GUESSES_LOG10, releaseEstimator, weakSecretReason } from './secret-strength.js';

const cache = createRequire(import.meta.url).cache;
const zxcvbnLoaded = () => Object.keys(cache).some((k) => k.includes('/@zxcvbn-ts/'));

describe('secret strength', () => {
  it('estimates with zxcvbn loaded on demand, and lets it go when released', () => {
    releaseEstimator();
    expect(zxcvbnLoaded()).toBe(false);
    expect(weakSecretReason('a'.repeat(36), MIN_GUESSES_LOG10.sharedPassword)).toMatch(
      /too easy to guess/,
    );
    expect(zxcvbnLoaded()).toBe(true);
    releaseEstimator();
    expect(zxcvbnLoaded()).toBe(false);
    // Loaded again for the next check, with the same verdicts.
    expect(
      weakSecretReason('vK3#pQ9!zL7@wX2$mN5&', MIN_GUESSES_LOG10.sharedPassword),
    ).toBeUndefined();
    expect(weakSecretReason('password123', MIN_GUESSES_LOG10.adminPassword)).toMatch(/10\^/);
    releaseEstimator();
  });
});
