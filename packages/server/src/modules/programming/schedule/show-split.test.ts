import { describe, expect, it } from 'vitest';
import { splitShow, SplitError } from './show-split.js';
import type { ShowWrite } from './shows.repository.js';

const base: ShowWrite = {
  id: 'a',
  station_id: 's',
  name: 'Breakfast',
  host: null,
  description: '',
  // Mondays 09:00 Berlin (CET, +01:00) from 2027-03-01.
  starts_at: '2027-03-01T08:00:00.000Z',
  duration_ms: 3_600_000,
  rrule: 'FREQ=WEEKLY;BYDAY=MO',
  exdates: ['2027-03-08T08:00:00.000Z', '2027-04-05T07:00:00.000Z'],
  source: null,
  priority: 0,
  exceptions: [
    {
      original_starts_at: '2027-03-15T08:00:00.000Z',
      cancelled: true,
      starts_at: null,
      duration_ms: null,
    },
    {
      original_starts_at: '2027-04-12T07:00:00.000Z',
      cancelled: false,
      starts_at: '2027-04-12T08:00:00.000Z',
      duration_ms: null,
    },
  ],
};
const TZ = 'Europe/Berlin';
// After the spring change (28 March) 09:00 local is 07:00Z.
const AT = Date.parse('2027-03-29T07:00:00.000Z');

describe('splitShow', () => {
  it.each([
    [
      'open-ended',
      'FREQ=WEEKLY;BYDAY=MO',
      'FREQ=WEEKLY;BYDAY=MO;UNTIL=20270329T065959Z',
      'FREQ=WEEKLY;BYDAY=MO',
    ],
    [
      'COUNT shared out (exdates count too)',
      'FREQ=WEEKLY;BYDAY=MO;COUNT=10',
      'FREQ=WEEKLY;BYDAY=MO;COUNT=4',
      'FREQ=WEEKLY;BYDAY=MO;COUNT=6',
    ],
    [
      'UNTIL kept on the tail',
      'FREQ=WEEKLY;UNTIL=20270601T000000Z',
      'FREQ=WEEKLY;UNTIL=20270329T065959Z',
      'FREQ=WEEKLY;UNTIL=20270601T000000Z',
    ],
  ])('%s', (_name, rrule, head, tail) => {
    const r = splitShow({ ...base, rrule }, AT, TZ, 'b');
    expect(r.head.rrule).toBe(head);
    expect(r.tail.rrule).toBe(tail);
    expect(r.tail).toMatchObject({ id: 'b', starts_at: '2027-03-29T07:00:00.000Z' });
  });

  it('gives exdates and exceptions to the half they belong to', () => {
    const r = splitShow(base, AT, TZ, 'b');
    expect(r.head.exdates).toEqual(['2027-03-08T08:00:00.000Z']);
    expect(r.tail.exdates).toEqual(['2027-04-05T07:00:00.000Z']);
    expect(r.head.exceptions.map((x) => x.original_starts_at)).toEqual([
      '2027-03-15T08:00:00.000Z',
    ]);
    expect(r.tail.exceptions.map((x) => x.original_starts_at)).toEqual([
      '2027-04-12T07:00:00.000Z',
    ]);
  });

  it.each([
    ['a one-off show', { rrule: null }, AT, 'does not repeat'],
    ['the first occurrence', {}, Date.parse(base.starts_at), 'first occurrence'],
    // 08:00Z was 09:00 local before the change; after it, the occurrence is at 07:00Z.
    ['the pre-DST instant after the change', {}, AT + 3_600_000, 'not an occurrence'],
  ])('refuses %s', (_name, patch, at, message) => {
    expect(() => splitShow({ ...base, ...patch }, at, TZ, 'b')).toThrow(SplitError);
    expect(() => splitShow({ ...base, ...patch }, at, TZ, 'b')).toThrow(message);
  });
});
