import { describe, expect, it } from 'vitest';
import { AzuraScheduleItem } from '@grimnir/contracts';
import type { Listing } from '../programming/index.js';
import { azuraSchedule } from './azuracast-schedule.js';

const at = (iso: string) => Date.parse(iso);
const listing = (over: Partial<Listing>): Listing => ({
  id: '6f1c2d3e-0000-4000-8000-000000000001',
  kind: 'show',
  title: 'Night Shift',
  host: null,
  description: '',
  live: false,
  startMs: at('2027-01-01T20:00:00Z'),
  endMs: at('2027-01-01T22:00:00Z'),
  ...over,
});

describe('azuraSchedule', () => {
  const now = at('2027-01-01T21:00:00Z');
  const rows = [
    listing({ title: 'Over', startMs: at('2027-01-01T18:00:00Z'), endMs: now }),
    listing({ host: 'Ada', description: 'Late tones' }),
    listing({
      kind: 'entry',
      title: 'Live',
      live: true,
      startMs: at('2027-01-01T22:00:00Z'),
      endMs: at('2027-01-01T23:00:00Z'),
    }),
    listing({
      kind: 'entry',
      title: 'Night Mix',
      startMs: at('2027-01-01T23:00:00Z'),
      endMs: at('2027-01-02T01:00:00Z'),
    }),
  ];

  it('drops what has ended, marks what is on now and writes both time forms', () => {
    const got = azuraSchedule(rows, now, 100);
    expect(got.map((g) => [g.name, g.title, g.type, g.is_now])).toEqual([
      ['Night Shift', 'Night Shift with Ada', 'streamer', true],
      ['Live', 'Live', 'streamer', false],
      ['Night Mix', 'Night Mix', 'playlist', false],
    ]);
    expect(got[0]).toMatchObject({
      description: 'Late tones',
      start_timestamp: at('2027-01-01T20:00:00Z') / 1000,
      start: '2027-01-01T20:00:00.000Z',
      end_timestamp: at('2027-01-01T22:00:00Z') / 1000,
      end: '2027-01-01T22:00:00.000Z',
    });
    for (const item of got) expect(AzuraScheduleItem.safeParse(item).success).toBe(true);
  });

  it('stops at the number of rows asked for', () => {
    expect(azuraSchedule(rows, now, 2).map((g) => g.name)).toEqual(['Night Shift', 'Live']);
  });
});
