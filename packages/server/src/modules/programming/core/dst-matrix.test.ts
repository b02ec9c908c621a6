import { describe, expect, it } from 'vitest';
import { resolveOverlaps } from './conflicts.js';
import { occurrencesBetween } from './recurrence.js';
import { formatInZone, instantToWall, wallToInstant } from './time-zone.js';

const H = 3_600_000;
const D = 24 * H;
const wall = (iso: string) => Date.parse(`${iso}Z`);
const utc = (iso: string) => Date.parse(iso);

interface ZoneCase {
  tz: string;
  /** A local time inside the spring-forward gap and where RFC 5545 moves it. */
  gap: { local: string; expected: string } | undefined;
  /** A local time inside the autumn overlap and its first occurrence. */
  overlap: { local: string; expected: string } | undefined;
  /** Local day of each change (spring, autumn) for the 02:00 and weekly shows. */
  spring: string;
  autumn: string;
}

const ZONES: ZoneCase[] = [
  {
    tz: 'Europe/London',
    gap: { local: '2026-03-29T01:30:00', expected: '2026-03-29T02:30:00+01:00' },
    overlap: { local: '2026-10-25T01:30:00', expected: '2026-10-25T01:30:00+01:00' },
    spring: '2026-03-29',
    autumn: '2026-10-25',
  },
  {
    tz: 'America/New_York',
    gap: { local: '2026-03-08T02:30:00', expected: '2026-03-08T03:30:00-04:00' },
    overlap: { local: '2026-11-01T01:30:00', expected: '2026-11-01T01:30:00-04:00' },
    spring: '2026-03-08',
    autumn: '2026-11-01',
  },
  {
    tz: 'Australia/Sydney',
    gap: { local: '2026-10-04T02:30:00', expected: '2026-10-04T03:30:00+11:00' },
    overlap: { local: '2026-04-05T02:30:00', expected: '2026-04-05T02:30:00+11:00' },
    spring: '2026-10-04',
    autumn: '2026-04-05',
  },
  {
    tz: 'Asia/Kolkata',
    gap: undefined,
    overlap: undefined,
    spring: '2026-03-29',
    autumn: '2026-10-25',
  },
];

describe.each(ZONES)('DST matrix: $tz', ({ tz, gap, overlap, spring, autumn }) => {
  it('moves a nonexistent spring-forward time forward by the gap', () => {
    if (gap === undefined) {
      expect(formatInZone(tz, wallToInstant(tz, wall(`${spring}T02:00:00`)))).toBe(
        `${spring}T02:00:00+05:30`,
      );
      return;
    }
    expect(formatInZone(tz, wallToInstant(tz, wall(gap.local)))).toBe(gap.expected);
  });

  it('takes the first occurrence of an ambiguous autumn time', () => {
    if (overlap === undefined) {
      expect(formatInZone(tz, wallToInstant(tz, wall(`${autumn}T01:30:00`)))).toBe(
        `${autumn}T01:30:00+05:30`,
      );
      return;
    }
    expect(formatInZone(tz, wallToInstant(tz, wall(overlap.local)))).toBe(overlap.expected);
  });

  it.each([
    ['spring', spring],
    ['autumn', autumn],
  ])('airs a daily 02:00 show exactly once on the %s change day', (_label, day) => {
    const rec = {
      startsAtMs: wallToInstant(tz, wall(`2026-01-01T02:00:00`)),
      durationMs: H,
      rrule: 'FREQ=DAILY',
      timezone: tz,
    };
    const dayStart = wallToInstant(tz, wall(`${day}T00:00:00`));
    const dayEnd = wallToInstant(tz, wall(`${day}T00:00:00`) + D);
    const occ = occurrencesBetween(rec, { startMs: dayStart, endMs: dayEnd }).filter(
      (o) => o.startMs >= dayStart,
    );
    expect(occ).toHaveLength(1);
    const local = formatInZone(tz, occ[0]!.startMs).slice(11, 16);
    // 02:00 exists everywhere except inside New York's and Sydney's spring gap (02:00–03:00).
    const inGap = _label === 'spring' && (tz === 'America/New_York' || tz === 'Australia/Sydney');
    expect(local).toBe(inGap ? '03:00' : '02:00');
  });

  it('keeps a weekly 09:00 show at 09:00 local for a year across both changes', () => {
    const first = wallToInstant(tz, wall('2026-01-04T09:00:00'));
    const rec = { startsAtMs: first, durationMs: 2 * H, rrule: 'FREQ=WEEKLY', timezone: tz };
    const occ = occurrencesBetween(rec, { startMs: first, endMs: first + 365 * D });
    expect(occ).toHaveLength(53);
    const offsets = new Set<string>();
    for (const o of occ) {
      const text = formatInZone(tz, o.startMs);
      expect(text.slice(11, 19)).toBe('09:00:00');
      expect(o.endMs - o.startMs).toBe(2 * H);
      offsets.add(text.slice(19));
    }
    expect(offsets.size).toBe(tz === 'Asia/Kolkata' ? 1 : 2);
  });

  it('tiles a day of hour-long daily slots over the change days without gaps or overlaps', () => {
    for (const day of [spring, autumn]) {
      const slots = Array.from({ length: 24 }, (_, h) => ({
        startsAtMs: wallToInstant(tz, wall(`2026-01-01T00:00:00`) + h * H),
        durationMs: H,
        rrule: 'FREQ=DAILY',
        timezone: tz,
      }));
      const from = wallToInstant(tz, wall(`${day}T00:00:00`));
      const to = wallToInstant(tz, wall(`${day}T00:00:00`) + D);
      const occ = slots
        .flatMap((r, h) =>
          occurrencesBetween(r, { startMs: from, endMs: to }).map((o) => ({
            ...o,
            priority: 0,
            key: String(h),
          })),
        )
        .filter((o) => o.startMs >= from && o.startMs < to);
      const pieces = resolveOverlaps(occ);
      // 23 hours on the spring day, 25 on the autumn day (the repeated hour belongs to the earlier slot).
      expect(pieces.length).toBe(tz === 'Asia/Kolkata' ? 24 : day === spring ? 23 : 24);
      expect(to - from).toBe(tz === 'Asia/Kolkata' ? D : day === spring ? 23 * H : 25 * H);
      let at = from;
      for (const o of pieces) {
        expect(o.startMs).toBe(at);
        at = o.endMs;
      }
      expect(at).toBe(to);
    }
  });
});

describe('recurrence details', () => {
  const tz = 'Europe/London';
  const start = utc('2026-03-02T09:00:00Z');
  it('skips EXDATEs given as the occurrence instant', () => {
    const rec = {
      startsAtMs: start,
      durationMs: H,
      rrule: 'FREQ=WEEKLY;COUNT=4',
      exdatesMs: [start + 7 * D],
      timezone: tz,
    };
    const occ = occurrencesBetween(rec, { startMs: start, endMs: start + 60 * D });
    expect(occ.map((o) => formatInZone(tz, o.startMs))).toEqual([
      '2026-03-02T09:00:00+00:00',
      '2026-03-16T09:00:00+00:00',
      '2026-03-23T09:00:00+00:00',
    ]);
  });

  it('applies UNTIL as an instant', () => {
    const rec = {
      startsAtMs: start,
      durationMs: H,
      rrule: 'FREQ=DAILY;UNTIL=20260304T090000Z',
      timezone: tz,
    };
    expect(occurrencesBetween(rec, { startMs: start, endMs: start + 30 * D })).toHaveLength(3);
  });

  it('returns the single occurrence of a non-recurring entry only when it overlaps', () => {
    const rec = { startsAtMs: start, durationMs: H, timezone: tz };
    expect(
      occurrencesBetween(rec, { startMs: start + 30 * 60_000, endMs: start + 2 * H }),
    ).toHaveLength(1);
    expect(occurrencesBetween(rec, { startMs: start + H, endMs: start + 2 * H })).toHaveLength(0);
  });

  it('supports BYDAY weekday rules in local time', () => {
    const rec = {
      startsAtMs: utc('2026-03-23T22:30:00Z'),
      durationMs: H,
      rrule: 'FREQ=WEEKLY;BYDAY=MO,WE,FR',
      timezone: 'Asia/Kolkata',
    };
    const occ = occurrencesBetween(rec, {
      startMs: utc('2026-03-23T00:00:00Z'),
      endMs: utc('2026-03-30T00:00:00Z'),
    });
    // 22:30Z Monday is 04:00 Tuesday in Kolkata: BYDAY is evaluated on the local calendar.
    expect(occ.map((o) => formatInZone('Asia/Kolkata', o.startMs))).toEqual([
      '2026-03-25T04:00:00+05:30',
      '2026-03-27T04:00:00+05:30',
      '2026-03-30T04:00:00+05:30',
    ]);
    expect(instantToWall('Asia/Kolkata', occ[0]!.startMs)).toBe(wall('2026-03-25T04:00:00'));
  });
});
