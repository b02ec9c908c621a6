import { describe, expect, it } from 'vitest';
import { effectiveStationRole, stationRoleAtLeast } from './principal.js';

describe('effectiveStationRole', () => {
  it.each([
    { role: 'admin', membership: undefined, want: 'manager' },
    { role: 'admin', membership: 'viewer', want: 'manager' },
    { role: 'manager', membership: undefined, want: undefined },
    { role: 'manager', membership: 'dj', want: 'dj' },
    { role: 'dj', membership: 'manager', want: 'dj' },
    { role: 'viewer', membership: 'manager', want: 'viewer' },
    { role: 'dj', membership: 'viewer', want: 'viewer' },
  ] as const)('$role with membership $membership → $want', ({ role, membership, want }) => {
    expect(effectiveStationRole({ role }, membership)).toBe(want);
  });
});

describe('stationRoleAtLeast', () => {
  it.each([
    ['manager', 'dj', true],
    ['dj', 'dj', true],
    ['viewer', 'dj', false],
    ['dj', 'manager', false],
  ] as const)('%s ≥ %s is %s', (have, need, want) => {
    expect(stationRoleAtLeast(have, need)).toBe(want);
  });
});
