import { describe, expect, it } from 'vitest';
import { groupByDay, timeRange, type ScheduleItem } from './schedule';

const item = (name: string, start: string, end: string): ScheduleItem => ({
  id: 1,
  type: 'playlist',
  name,
  title: name,
  description: '',
  start_timestamp: Date.parse(start) / 1000,
  start,
  end_timestamp: Date.parse(end) / 1000,
  end,
  is_now: false,
});

describe('the listeners’ schedule', () => {
  const items = [
    item('Late', '2027-03-27T22:30:00.000Z', '2027-03-27T23:30:00.000Z'),
    item('Early', '2027-03-28T06:00:00.000Z', '2027-03-28T07:00:00.000Z'),
  ];

  it.each([
    // In Tokyo both fall on Sunday; in Los Angeles both on Saturday; in London they straddle midnight.
    ['Asia/Tokyo', [['Sunday, March 28', ['Late', 'Early']]]],
    ['America/Los_Angeles', [['Saturday, March 27', ['Late', 'Early']]]],
    [
      'Europe/London',
      [
        ['Saturday, March 27', ['Late']],
        ['Sunday, March 28', ['Early']],
      ],
    ],
  ])('groups by the listener’s own days in %s', (tz, want) => {
    expect(
      groupByDay(items, tz, 'en-US').map((d) => [d.label, d.items.map((i) => i.name)]),
    ).toEqual(want);
  });

  it('writes the time range in the listener’s zone', () => {
    expect(timeRange(items[0]!, 'Europe/Berlin', 'en-GB')).toBe('23:30–00:30');
  });
});
