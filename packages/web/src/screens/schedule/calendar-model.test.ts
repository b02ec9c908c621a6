import { describe, expect, it } from 'vitest';
import {
  clockHourBlocks,
  dstNotes,
  occurrenceBlocks,
  type Calendar,
  type Occurrence,
} from './calendar-model';

const TZ = 'Europe/Berlin';
const days: Calendar['days'] = [
  {
    date: '2027-03-27',
    starts_at: '2027-03-26T23:00:00.000Z',
    ends_at: '2027-03-27T23:00:00.000Z',
    hours: 24,
  },
  {
    date: '2027-03-28',
    starts_at: '2027-03-27T23:00:00.000Z',
    ends_at: '2027-03-28T22:00:00.000Z',
    hours: 23,
  },
  {
    date: '2027-10-31',
    starts_at: '2027-10-30T22:00:00.000Z',
    ends_at: '2027-10-31T23:00:00.000Z',
    hours: 25,
  },
];
const clock = (id: string, priority: number, daysOf: number[], hours: number[]) => ({
  id,
  station_id: 's',
  name: id,
  priority,
  hours: [{ days: daysOf, hours }],
  slots: [],
  created_at: '',
  updated_at: '',
});
const ALL = [...Array(24).keys()];

describe('calendar model', () => {
  it('draws a clock hour for every real hour: 24, 23 on a spring day, 25 in autumn', () => {
    const blocks = clockHourBlocks(days, [clock('music', 0, [1, 2, 3, 4, 5, 6, 7], ALL)], TZ);
    const perDay = days.map(
      (d) => blocks.filter((b) => b.start >= d.starts_at && b.start < d.ends_at).length,
    );
    expect(perDay).toEqual([24, 23, 25]);
  });

  it('gives each hour to the highest-priority clock', () => {
    const blocks = clockHourBlocks(
      days.slice(0, 1),
      [clock('a', 0, [6], ALL), clock('b', 5, [6], [9, 10])],
      TZ,
    );
    expect(blocks.filter((b) => b.title === 'b').map((b) => b.start)).toEqual([
      '2027-03-27T08:00:00.000Z',
      '2027-03-27T09:00:00.000Z',
    ]);
  });

  it('names the skipped and the repeated hour', () => {
    expect(dstNotes(days, TZ).map((n) => [n.date, n.wallHour, n.text])).toEqual([
      ['2027-03-28', 2, '23-hour day: clocks go forward, 02:00–03:00 does not exist'],
      ['2027-10-31', 2, '25-hour day: clocks go back, 02:00–03:00 happens twice'],
    ]);
  });

  it('marks the blocks a refused change collided with', () => {
    const occ = (id: string, s: string, e: string): Occurrence => ({
      kind: 'show',
      id,
      name: id,
      source: { type: 'live' },
      priority: 0,
      recurring: true,
      original_starts_at: s,
      starts_at: s,
      ends_at: e,
      moved: false,
    });
    const blocks = occurrenceBlocks(
      [
        occ('x', '2027-03-01T10:00:00Z', '2027-03-01T11:00:00Z'),
        occ('x', '2027-03-08T10:00:00Z', '2027-03-08T11:00:00Z'),
      ],
      [{ ids: ['x', 'y'], starts_at: '2027-03-08T10:30:00Z', ends_at: '2027-03-08T11:00:00Z' }],
      (o) => o.name ?? '',
    );
    expect(blocks.map((b) => b.conflict)).toEqual([false, true]);
  });
});
