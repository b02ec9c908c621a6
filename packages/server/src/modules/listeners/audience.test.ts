import { describe, expect, it } from 'vitest';
import { createAudience } from './audience.js';

describe('audience', () => {
  it('counts a listener on two mounts, or twice on one, as one unique listener', () => {
    const a = createAudience();
    const l1 = a.join('s1', 'm1', '10.0.0.1', 1);
    const l2 = a.join('s1', 'm2', '10.0.0.1', 1);
    const l3 = a.join('s1', 'm1', '10.0.0.2', 2);
    a.join('s2', 'other', '10.0.0.1', 1);
    expect(a.unique('s1')).toBe(2);
    l1();
    expect(a.unique('s1')).toBe(2);
    l2();
    l2();
    expect(a.unique('s1')).toBe(1);
    l3();
    expect(a.unique('s1')).toBe(0);
    expect(a.unique('s2')).toBe(1);
  });

  it('keeps each mount’s peak after listeners leave', () => {
    const a = createAudience();
    const leave = [1, 2, 3].map((n) => a.join('s', 'm', `10.0.0.${n}`, n));
    for (const l of leave) l();
    expect(a.peak('m')).toBe(3);
    expect(a.peak('unknown')).toBe(0);
  });
});
