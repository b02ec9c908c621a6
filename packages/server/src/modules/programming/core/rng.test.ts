import { describe, expect, it } from 'vitest';
import { createRng, hashSeed, shuffle } from './rng.js';

describe('createRng', () => {
  it('repeats for the same seed and differs for another', () => {
    const draw = (seed: string) => {
      const rng = createRng(seed);
      return Array.from({ length: 5 }, () => rng.next());
    };
    expect(draw('x')).toEqual(draw('x'));
    expect(draw('x')).not.toEqual(draw('y'));
  });

  it('stays in [0, 1) and spreads evenly', () => {
    const rng = createRng(42);
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) {
      const v = rng.next();
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
      buckets[Math.floor(v * 10)]! += 1;
    }
    for (const b of buckets) expect(b).toBeGreaterThan(850);
  });

  it('hashes near-identical seeds far apart', () => {
    expect(hashSeed('a1')).not.toBe(hashSeed('a2'));
  });

  it('shuffles deterministically without losing items', () => {
    const a = shuffle([1, 2, 3, 4, 5, 6], createRng('s'));
    expect(a).toEqual(shuffle([1, 2, 3, 4, 5, 6], createRng('s')));
    expect([...a].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
