import { describe, expect, it } from 'vitest';
import { formatInZone, wallToInstant } from './time-zone.js';
import {
  clockForHour,
  clockProblems,
  compileClockHour,
  localHours,
  type ClockDef,
} from './clock-compiler.js';

const H = 3_600_000;
const M = 60_000;
const wall = (iso: string) => Date.parse(`${iso}Z`);

describe('localHours', () => {
  it.each([
    ['Europe/London', '2026-03-29', 23, [0, 2, 3]],
    ['Europe/London', '2026-10-25', 25, [0, 1, 1, 2]],
    ['America/New_York', '2026-03-08', 23, [0, 1, 3]],
    ['America/New_York', '2026-11-01', 25, [0, 1, 1, 2]],
    ['Australia/Sydney', '2026-10-04', 23, [0, 1, 3]],
    ['Australia/Sydney', '2026-04-05', 25, [0, 1, 2, 2]],
    ['Asia/Kolkata', '2026-03-29', 24, [0, 1, 2, 3]],
  ])('%s on %s has %i real hours, none vanishing or doubling', (tz, day, count, firstLabels) => {
    const startMs = wallToInstant(tz, wall(`${day}T00:00:00`));
    const endMs = wallToInstant(tz, wall(`${day}T00:00:00`) + 24 * H);
    const hours = localHours(tz, { startMs, endMs });
    expect(hours).toHaveLength(count);
    expect(hours.slice(0, firstLabels.length).map((h) => h.hour)).toEqual(firstLabels);
    let at = startMs;
    for (const h of hours) {
      expect(h.startMs).toBe(at);
      expect(h.endMs - h.startMs).toBe(H);
      expect(formatInZone(tz, h.startMs).slice(14, 19)).toBe('00:00');
      at = h.endMs;
    }
    expect(at).toBe(endMs);
  });

  it('starts at the local hour containing the window start', () => {
    const tz = 'Asia/Kolkata';
    const hours = localHours(tz, {
      startMs: Date.parse('2026-06-01T10:45:00Z'),
      endMs: Date.parse('2026-06-01T11:00:00Z'),
    });
    expect(hours.map((h) => formatInZone(tz, h.startMs))).toEqual(['2026-06-01T16:00:00+05:30']);
  });
});

const clock = (id: string, priority: number, days: number[], hours: number[]): ClockDef => ({
  id,
  name: id,
  priority,
  hours: [{ days, hours }],
  slots: [],
});

describe('clockForHour', () => {
  const clocks = [
    clock(
      'base',
      0,
      [1, 2, 3, 4, 5, 6, 7],
      Array.from({ length: 24 }, (_, h) => h),
    ),
    clock('morning', 5, [1, 2, 3, 4, 5], [6, 7, 8, 9]),
    clock('alt', 5, [1], [6]),
  ];
  it.each([
    [1, 6, 'alt'],
    [2, 6, 'morning'],
    [6, 6, 'base'],
    [3, 12, 'base'],
  ])('weekday %i hour %i → %s', (weekday, hour, id) => {
    expect(clockForHour(clocks, weekday, hour)?.id).toBe(id);
  });
  it('returns undefined when nothing applies', () => {
    expect(clockForHour([clock('x', 0, [1], [1])], 2, 1)).toBeUndefined();
  });
});

describe('compileClockHour', () => {
  const hour = {
    startMs: Date.parse('2026-06-01T10:00:00Z'),
    endMs: Date.parse('2026-06-01T11:00:00Z'),
    weekday: 1,
    hour: 10,
  };
  const def: ClockDef = {
    id: 'c',
    name: 'c',
    priority: 0,
    hours: [],
    slots: [
      { offsetMs: 30 * M, type: 'smart_block', payload: { smart_block_id: 'b' } },
      { offsetMs: 0, type: 'hard_item', payload: { media_id: 'top' } },
      { offsetMs: 1 * M, type: 'smart_block', payload: { smart_block_id: 'a' } },
      { offsetMs: 57 * M, type: 'stopset', payload: { media_ids: ['ad1'] } },
    ],
  };
  it('orders slots by offset and runs each until the next', () => {
    const slots = compileClockHour(def, hour);
    expect(
      slots.map((s) => [
        s.type,
        (s.startMs - hour.startMs) / M,
        (s.endMs - hour.startMs) / M,
        s.hardStart,
      ]),
    ).toEqual([
      ['hard_item', 0, 1, true],
      ['smart_block', 1, 30, false],
      ['smart_block', 30, 57, false],
      ['stopset', 57, 60, false],
    ]);
  });
  it('drops slots beyond a short hour', () => {
    const slots = compileClockHour(def, { ...hour, endMs: hour.startMs + 30 * M });
    expect(slots.map((s) => s.slotIndex)).toEqual([1, 2]);
  });
});

describe('clockProblems', () => {
  it.each([
    [
      [{ offsetMs: 0, type: 'smart_block' as const, payload: {} }],
      ['slot 0: smart_block needs payload.smart_block_id'],
    ],
    [
      [
        { offsetMs: 0, type: 'live' as const, payload: {} },
        { offsetMs: 0, type: 'live' as const, payload: {} },
      ],
      ['slot 1: two slots at offset 0'],
    ],
    [[{ offsetMs: 0, type: 'stopset' as const, payload: { media_ids: ['a'] } }], []],
  ])('%j', (slots, expected) => expect(clockProblems(slots)).toEqual(expected));
});
