import { describe, expect, it } from 'vitest';
import { toBool, toIso, toIsoOrNull } from './row-mappers.js';

describe('row mappers', () => {
  it.each([
    ['2026-11-25T15:20:33.929Z', '2026-11-25T15:20:33.929Z'],
    ['2026-11-25 15:20:33', '2026-11-25T15:20:33.000Z'],
    ['2026-11-25T16:20:33+01:00', '2026-11-25T15:20:33.000Z'],
    [new Date('2026-01-01T00:00:00Z'), '2026-01-01T00:00:00.000Z'],
  ])('toIso(%s) → %s', (input, want) => {
    expect(toIso(input)).toBe(want);
  });

  it.each([
    [1, true],
    [0, false],
    [true, true],
    [false, false],
    [null, false],
  ])('toBool(%s) → %s', (input, want) => {
    expect(toBool(input)).toBe(want);
  });

  it('keeps null timestamps null', () => {
    expect(toIsoOrNull(null)).toBeNull();
    expect(toIsoOrNull(undefined)).toBeNull();
  });
});
