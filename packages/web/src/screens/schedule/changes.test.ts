import { describe, expect, it } from 'vitest';
import type { Occurrence } from './calendar-model';
import { entryChange, showChange, type EntryRow, type ShowRow } from './changes';

const TZ = 'Europe/Berlin';
// Mondays 20:00 local from 1 March 2027; the occurrence of 29 March is after the spring change.
const show: ShowRow = {
  id: 'sh',
  station_id: 's',
  name: 'Evening',
  host: null,
  description: '',
  starts_at: '2027-03-01T19:00:00.000Z',
  duration_ms: 3_600_000,
  rrule: 'FREQ=WEEKLY;BYDAY=MO',
  exdates: [],
  source: { type: 'live' },
  priority: 0,
  exceptions: [
    {
      original_starts_at: '2027-03-08T19:00:00.000Z',
      cancelled: true,
      starts_at: null,
      duration_ms: null,
    },
  ],
  created_at: '',
  updated_at: '',
};
const occ: Occurrence = {
  kind: 'show',
  id: 'sh',
  name: 'Evening',
  source: { type: 'live' },
  priority: 0,
  recurring: true,
  original_starts_at: '2027-03-29T18:00:00.000Z',
  starts_at: '2027-03-29T18:00:00.000Z',
  ends_at: '2027-03-29T19:00:00.000Z',
  moved: false,
};
// Dragged to Tuesday 21:00 local (19:00Z in summer time), one hour long.
const START = '2027-03-30T21:00:00+02:00';
const END = '2027-03-30T22:00:00+02:00';

describe('calendar changes', () => {
  it('this occurrence: an exception keyed by its original start, others kept', () => {
    expect(showChange(show, occ, START, END, 'this', TZ)).toEqual({
      kind: 'patch-show',
      id: 'sh',
      body: {
        exceptions: [
          show.exceptions[0],
          {
            original_starts_at: occ.original_starts_at,
            cancelled: false,
            starts_at: START,
            duration_ms: 3_600_000,
          },
        ],
      },
    });
  });

  it('this and following: a split at the original start, the days shifted', () => {
    expect(showChange(show, occ, START, END, 'following', TZ)).toEqual({
      kind: 'split-show',
      id: 'sh',
      at: occ.original_starts_at,
      changes: { starts_at: START, duration_ms: 3_600_000, rrule: 'FREQ=WEEKLY;BYDAY=TU' },
    });
  });

  it('all: the series moves by the wall-clock delta (21:00 local in winter too)', () => {
    expect(showChange(show, occ, START, END, 'all', TZ)).toEqual({
      kind: 'patch-show',
      id: 'sh',
      body: {
        starts_at: '2027-03-02T21:00:00+01:00',
        duration_ms: 3_600_000,
        rrule: 'FREQ=WEEKLY;BYDAY=TU',
        exceptions: [],
      },
    });
  });

  it('a resize of all keeps the exceptions', () => {
    const c = showChange(show, occ, occ.starts_at, '2027-03-29T20:00:00.000Z', 'all', TZ);
    expect(c).toEqual({
      kind: 'patch-show',
      id: 'sh',
      body: { starts_at: '2027-03-01T20:00:00+01:00', duration_ms: 7_200_000, rrule: show.rrule },
    });
  });

  it('this and following on the first occurrence changes all', () => {
    const first = { ...occ, original_starts_at: show.starts_at, starts_at: show.starts_at };
    expect(
      showChange(show, first, show.starts_at, '2027-03-01T20:30:00.000Z', 'following', TZ).kind,
    ).toBe('patch-show');
  });

  it('an entry moves as a whole', () => {
    const entry: EntryRow = {
      id: 'e',
      station_id: 's',
      starts_at: '2027-03-29T08:00:00.000Z',
      ends_at: '2027-03-29T09:00:00.000Z',
      rrule: null,
      exdates: [],
      source: { type: 'live' },
      priority: 0,
      created_at: '',
      updated_at: '',
    };
    const o = {
      ...occ,
      kind: 'entry' as const,
      starts_at: entry.starts_at,
      original_starts_at: entry.starts_at,
    };
    expect(
      entryChange(entry, o, '2027-03-29T08:30:00.000Z', '2027-03-29T10:00:00.000Z', TZ),
    ).toEqual({
      kind: 'patch-entry',
      id: 'e',
      body: {
        starts_at: '2027-03-29T10:30:00+02:00',
        ends_at: '2027-03-29T10:00:00.000Z',
        rrule: null,
      },
    });
  });
});
