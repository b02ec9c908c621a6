import { describe, expect, it } from 'vitest';
import { createAudience } from './audience.js';

describe('audience', () => {
  it('counts a listener on two mounts, or twice on one, as one unique listener', () => {
    const a = createAudience();
    a.join('s1', 'm1', '10.0.0.1', 1);
    a.join('s1', 'm2', '10.0.0.1', 1);
    a.join('s1', 'm1', '10.0.0.2', 2);
    a.join('s2', 'other', '10.0.0.1', 1);
    expect(a.unique('s1')).toBe(2);
    a.leave('s1', '10.0.0.1');
    expect(a.unique('s1')).toBe(2);
    a.leave('s1', '10.0.0.1');
    expect(a.unique('s1')).toBe(1);
    a.leave('s1', '10.0.0.2');
    expect(a.unique('s1')).toBe(0);
    a.leave('s1', '10.0.0.2');
    expect(a.unique('s1')).toBe(0);
    expect(a.unique('s2')).toBe(1);
  });

  it('keeps each mount’s peak after listeners leave', () => {
    const a = createAudience();
    for (const n of [1, 2, 3]) a.join('s', 'm', `10.0.0.${n}`, n);
    for (const n of [1, 2, 3]) a.leave('s', `10.0.0.${n}`);
    expect(a.peak('m')).toBe(3);
    expect(a.peak('unknown')).toBe(0);
  });
});
