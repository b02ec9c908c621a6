import { describe, expect, it } from 'vitest';
import { listingsBetween, type ListedEntry, type ListedShow } from './listings.js';

const TZ = 'Europe/Berlin';
const show = (over: Partial<ListedShow> = {}): ListedShow => ({
  id: 'show-1',
  name: 'Morning Tones',
  host: 'Ada',
  description: 'Sine waves with coffee',
  // 09:00 local (CET) on Friday 2027-03-26.
  starts_at: '2027-03-26T08:00:00.000Z',
  duration_ms: 3_600_000,
  rrule: 'FREQ=DAILY',
  exdates: [],
  exceptions: [],
  ...over,
});
const entry = (over: Partial<ListedEntry> = {}): ListedEntry => ({
  id: 'entry-1',
  starts_at: '2027-03-26T20:00:00.000Z',
  ends_at: '2027-03-26T22:00:00.000Z',
  rrule: null,
  exdates: [],
  source: { type: 'playlist', id: 'p1' },
  ...over,
});
const names = new Map([['playlist:p1', 'Night Mix']]);
const label = (s: ListedEntry['source']) => names.get(`${s.type}:${s.id}`) ?? 'Music';
const week = {
  startMs: Date.parse('2027-03-26T00:00:00Z'),
  endMs: Date.parse('2027-03-30T00:00:00Z'),
};
const iso = (ms: number) => new Date(ms).toISOString();

describe('listingsBetween', () => {
  it('keeps a daily show at 09:00 local across the spring-forward Sunday', () => {
    const got = listingsBetween([show()], [], label, TZ, week).map((l) => iso(l.startMs));
    // CET (UTC+1) until Sunday 28 March 02:00, then CEST (UTC+2).
    expect(got).toEqual([
      '2027-03-26T08:00:00.000Z',
      '2027-03-27T08:00:00.000Z',
      '2027-03-28T07:00:00.000Z',
      '2027-03-29T07:00:00.000Z',
    ]);
  });

  it.each([
    ['an EXDATE', { exdates: ['2027-03-27T08:00:00.000Z'] }, 3, '2027-03-28T07:00:00.000Z'],
    [
      'a cancelled occurrence',
      {
        exceptions: [
          {
            original_starts_at: '2027-03-27T08:00:00.000Z',
            cancelled: true,
            starts_at: null,
            duration_ms: null,
          },
        ],
      },
      3,
      '2027-03-28T07:00:00.000Z',
    ],
    [
      'a moved occurrence',
      {
        exceptions: [
          {
            original_starts_at: '2027-03-27T08:00:00.000Z',
            cancelled: false,
            starts_at: '2027-03-27T10:00:00.000Z',
            duration_ms: 1_800_000,
          },
        ],
      },
      4,
      '2027-03-27T10:00:00.000Z',
    ],
  ])('applies %s', (_name, over: Partial<ListedShow>, count, second) => {
    const got = listingsBetween([show(over)], [], label, TZ, week);
    expect(got).toHaveLength(count);
    expect(iso(got[1]!.startMs)).toBe(second);
  });

  it('names entries after their source, marks live ones, and sorts everything by start', () => {
    const got = listingsBetween(
      [show({ rrule: null })],
      [
        entry(),
        entry({
          id: 'e2',
          starts_at: '2027-03-26T06:00:00.000Z',
          ends_at: '2027-03-26T07:00:00.000Z',
          source: { type: 'live' },
        }),
        entry({
          id: 'e3',
          source: { type: 'playlist', id: 'gone' },
          starts_at: '2027-03-27T20:00:00.000Z',
          ends_at: '2027-03-27T21:00:00.000Z',
        }),
      ],
      (s) => (s.type === 'live' ? 'Live' : label(s)),
      TZ,
      week,
    );
    expect(got.map((l) => [l.title, l.kind, l.live, iso(l.startMs), iso(l.endMs)])).toEqual([
      ['Live', 'entry', true, '2027-03-26T06:00:00.000Z', '2027-03-26T07:00:00.000Z'],
      ['Morning Tones', 'show', false, '2027-03-26T08:00:00.000Z', '2027-03-26T09:00:00.000Z'],
      ['Night Mix', 'entry', false, '2027-03-26T20:00:00.000Z', '2027-03-26T22:00:00.000Z'],
      ['Music', 'entry', false, '2027-03-27T20:00:00.000Z', '2027-03-27T21:00:00.000Z'],
    ]);
  });

  it('lists an occurrence that began before the window and is still on', () => {
    const got = listingsBetween(
      [show({ rrule: null, duration_ms: 4 * 3_600_000 })],
      [],
      label,
      TZ,
      {
        startMs: Date.parse('2027-03-26T10:00:00Z'),
        endMs: Date.parse('2027-03-27T00:00:00Z'),
      },
    );
    expect(got.map((l) => iso(l.endMs))).toEqual(['2027-03-26T12:00:00.000Z']);
  });
});
