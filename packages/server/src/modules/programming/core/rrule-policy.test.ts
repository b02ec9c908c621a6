import { describe, expect, it } from 'vitest';
import { occurrencesBetween, assertValidRrule } from './recurrence.js';
import { RecurrenceRuleError } from './rrule-policy.js';

const START = Date.UTC(2026, 0, 5, 9); // a Monday, 09:00 UTC
const TZ = 'Europe/Berlin';

function limitOf(rrule: string, startsAtMs = START): string | undefined {
  try {
    assertValidRrule(rrule, startsAtMs, TZ);
    return undefined;
  } catch (err) {
    return err instanceof RecurrenceRuleError ? err.limit : `other: ${String(err)}`;
  }
}

describe('what a station schedule accepts as RRULE', () => {
  it.each([
    'FREQ=WEEKLY;BYDAY=MO,WE,FR',
    'FREQ=DAILY',
    'FREQ=DAILY;BYHOUR=6,18;BYMINUTE=0,30',
    'FREQ=HOURLY;INTERVAL=2',
    'FREQ=MONTHLY;BYDAY=1MO',
    'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1',
    'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29',
    'FREQ=WEEKLY;INTERVAL=2;COUNT=1000',
    'FREQ=WEEKLY;BYMONTHDAY=13', // a Monday the 13th (April 2026)
    'FREQ=DAILY;BYDAY=FR;BYMONTHDAY=13',
    'RRULE:FREQ=DAILY;UNTIL=20261231T000000Z',
  ])('accepts %s', (rule) => {
    expect(limitOf(rule)).toBeUndefined();
  });

  it.each([
    ['FREQ=SECONDLY', 'freq'],
    ['FREQ=MINUTELY;INTERVAL=5', 'freq'],
    ['FREQ=DAILY;BYSECOND=0,1,2', 'unsupported_part'],
    ['FREQ=YEARLY;BYWEEKNO=1', 'unsupported_part'],
    ['FREQ=DAILY;COUNT=1001', 'range'],
    ['FREQ=DAILY;INTERVAL=0', 'range'],
    ['FREQ=DAILY;BYHOUR=24', 'range'],
    ['FREQ=DAILY;BYMINUTE=0,15,30,45,50', 'by_list_length'],
    ['FREQ=DAILY;BYHOUR=1,1', 'by_list_duplicate'],
    ['FREQ=DAILY;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13;BYMINUTE=0,15,30,45', 'per_day'],
    ['FREQ=HOURLY;BYMINUTE=0,30,45', 'per_day'],
    ['FREQ=HOURLY;INTERVAL=2;BYHOUR=1', 'hourly_by_hour'],
    ['FREQ=WEEKLY;BYDAY=2MO', 'by_day_ordinal'],
    ['FREQ=MONTHLY;BYDAY=6MO', 'range'],
    ['FREQ=DAILY;COUNT=3;UNTIL=20261231T000000Z', 'count_and_until'],
    ['FREQ=DAILY;FREQ=WEEKLY', 'duplicate_part'],
    ['FREQ=DAILY;BYHOUR=9,10;BYSETPOS=3', 'by_set_pos'],
    ['FREQ=DAILY;INTERVAL=7;BYDAY=TU', 'interval_with_filter'],
    ['FREQ=WEEKLY;INTERVAL=2;BYMONTH=2', 'interval_with_filter'],
    // Never matches: rrule alone would walk every day up to the year 9999 (seconds).
    ['FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30', 'first_occurrence'],
    ['FREQ=HOURLY;BYMONTH=4;BYMONTHDAY=31', 'first_occurrence'],
    ['FREQ=MONTHLY;INTERVAL=12;BYMONTH=2', 'first_occurrence'],
    ['FREQ=WEEKLY;BYDAY=MO,FR;BYMONTH=2;BYMONTHDAY=30', 'first_occurrence'],
    ['FREQ=DAILY;UNTIL=20250101T000000Z', 'first_occurrence'],
  ])('refuses %s (%s)', (rule, limit) => {
    expect(limitOf(rule)).toBe(limit);
  });

  it('refuses a repeating start outside the years it can check', () => {
    expect(limitOf('FREQ=WEEKLY', Date.UTC(1850, 0, 1))).toBe('starts_at_year');
    expect(limitOf('FREQ=WEEKLY', Date.UTC(2300, 0, 1))).toBe('starts_at_year');
  });

  it('finds the first Feb 29 on a Monday, however far the calendar puts it', () => {
    // 2044-02-29 is the next Monday 29 February after 2026: 18 years, beyond the limit.
    expect(limitOf('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO')).toBe('first_occurrence');
    expect(
      limitOf('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO', Date.UTC(2040, 0, 1)),
    ).toBeUndefined();
  });
});

describe('bounded expansion', () => {
  it('walks a rule that began decades ago from a moved start, with the same occurrences', () => {
    const window = { startMs: Date.UTC(2026, 5, 1), endMs: Date.UTC(2026, 5, 8) };
    const since1990 = {
      startsAtMs: Date.UTC(1990, 0, 1, 8),
      durationMs: 3_600_000,
      rrule: 'FREQ=HOURLY;INTERVAL=3',
      timezone: TZ,
    };
    const got = occurrencesBetween(since1990, window);
    expect(got).toHaveLength(56);
    // Every third hour counted from DTSTART's local 09:00 (08:00 UTC), in floating time.
    for (const o of got) expect((o.wallStartMs - Date.UTC(1990, 0, 1, 9)) % 10_800_000).toBe(0);
  });

  it('keeps monthly and yearly rules on their day after the move', () => {
    const window = { startMs: Date.UTC(2026, 0, 1), endMs: Date.UTC(2027, 0, 1) };
    const monthly = occurrencesBetween(
      {
        startsAtMs: Date.UTC(2001, 2, 15, 12),
        durationMs: 60_000,
        rrule: 'FREQ=MONTHLY;INTERVAL=5',
        timezone: 'UTC',
      },
      window,
    );
    // 2001-03 + 5k months: k = 60 is 2026-03, k = 61 is 2026-08 (2026-01 is 298 months on).
    expect(monthly.map((o) => new Date(o.startMs).toISOString())).toEqual([
      '2026-03-15T12:00:00.000Z',
      '2026-08-15T12:00:00.000Z',
    ]);
  });

  it('stops with a limit instead of walking without end', () => {
    const rec = {
      startsAtMs: Date.UTC(2026, 0, 1),
      durationMs: 1000,
      rrule: 'FREQ=SECONDLY',
      timezone: 'UTC',
    };
    expect(() =>
      occurrencesBetween(rec, { startMs: Date.UTC(2026, 0, 1), endMs: Date.UTC(2027, 0, 1) }),
    ).toThrow(RecurrenceRuleError);
  });
});
