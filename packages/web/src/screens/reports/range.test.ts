import { describe, expect, it } from 'vitest';
import { presetRange, toInstants } from './range';

describe('presetRange', () => {
  const now = new Date(2026, 10, 15, 14, 30);
  it.each([
    ['today', '2026-11-15', '2026-11-15'],
    ['yesterday', '2026-11-14', '2026-11-14'],
    ['last7', '2026-11-09', '2026-11-15'],
    ['last30', '2026-10-17', '2026-11-15'],
  ] as const)('%s is %s..%s', (preset, from, to) => {
    expect(presetRange(preset, now)).toEqual({ from, to });
  });
});

describe('toInstants', () => {
  it('runs from the first local midnight to the one after the last day', () => {
    expect(toInstants({ from: '2026-11-09', to: '2026-11-15' })).toEqual({
      from: new Date(2026, 10, 9).toISOString(),
      to: new Date(2026, 10, 16).toISOString(),
    });
  });
  it.each([
    [{ from: '', to: '2026-11-15' }, 'Pick both days.'],
    [{ from: '2026-11-16', to: '2026-11-15' }, 'The last day is before the first.'],
    [{ from: '2026-01-01', to: '2026-12-31' }, 'A report covers at most 93 days.'],
  ])('refuses %o', (range, problem) => expect(toInstants(range)).toEqual({ problem }));
});
