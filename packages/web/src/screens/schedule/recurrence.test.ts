import { describe, expect, it } from 'vitest';
import {
  addWall,
  dayDelta,
  fromRrule,
  shiftDays,
  toRrule,
  wallDelta,
  type Repeat,
} from './recurrence';

const TZ = 'Europe/Berlin';

describe('recurrence editor model', () => {
  it.each<[string, Repeat, string | null]>([
    ['none', { kind: 'none' }, null],
    ['daily', { kind: 'daily', ending: { kind: 'never' } }, 'FREQ=DAILY'],
    [
      'weekdays ×10',
      { kind: 'weekdays', ending: { kind: 'count', count: 10 } },
      'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;COUNT=10',
    ],
    // The last local day counts whole: 23:59:59 CEST is 21:59:59Z.
    [
      'weekly until',
      { kind: 'weekly', days: [7, 1, 3], ending: { kind: 'until', date: '2027-06-30' } },
      'FREQ=WEEKLY;BYDAY=MO,WE,SU;UNTIL=20270630T215959Z',
    ],
  ])('%s round-trips', (_name, repeat, rule) => {
    expect(toRrule(repeat, TZ)).toBe(rule);
    const back = fromRrule(rule, TZ);
    expect(back).toEqual(repeat.kind === 'weekly' ? { ...repeat, days: [1, 3, 7] } : repeat);
  });

  it.each([
    'FREQ=MONTHLY;BYMONTHDAY=1',
    'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO',
    'FREQ=WEEKLY;BYDAY=1MO',
  ])('leaves %s to the raw rule', (rule) => {
    expect(fromRrule(rule, TZ)).toBeUndefined();
  });

  it.each([
    ['FREQ=WEEKLY;BYDAY=MO,SU', 1, 'FREQ=WEEKLY;BYDAY=TU,MO'],
    ['FREQ=WEEKLY;BYDAY=MO', -1, 'FREQ=WEEKLY;BYDAY=SU'],
    ['FREQ=WEEKLY;BYDAY=MO', 7, 'FREQ=WEEKLY;BYDAY=MO'],
    ['FREQ=DAILY', 2, 'FREQ=DAILY'],
  ])('shiftDays(%s, %i)', (rule, days, out) => {
    expect(shiftDays(rule, days)).toBe(out);
  });

  it('measures and applies moves on the wall clock across the spring change', () => {
    // Saturday 09:00 CET dragged to Sunday 10:00 CEST: one day and one hour on the wall.
    const delta = wallDelta('2027-03-27T08:00:00Z', '2027-03-28T08:00:00Z', TZ);
    expect(delta).toBe(25 * 3_600_000);
    expect(addWall('2027-03-20T08:00:00Z', delta, TZ)).toBe('2027-03-21T10:00:00+01:00');
    expect(addWall('2027-03-27T08:00:00Z', delta, TZ)).toBe('2027-03-28T10:00:00+02:00');
    expect(dayDelta('2027-03-27T23:30:00Z', '2027-03-28T08:00:00Z', TZ)).toBe(0);
    expect(dayDelta('2027-03-27T08:00:00Z', '2027-03-28T08:00:00Z', TZ)).toBe(1);
  });
});
