import { describe, expect, it } from 'vitest';
import { addSlot, describeRule, moveBoundary, slotSpans, type Slot } from './clock-model';

const M = 60_000;
const slot = (min: number, type: Slot['type'] = 'smart_block'): Slot => ({
  offset_ms: min * M,
  type,
  payload: {},
});

describe('clock model', () => {
  it('spans run to the next offset and the last to the end of the hour', () => {
    const spans = slotSpans([slot(30), slot(0), slot(55, 'stopset')]);
    expect(spans.map((s) => [s.index, s.startMs / M, s.endMs / M])).toEqual([
      [1, 0, 30],
      [0, 30, 55],
      [2, 55, 60],
    ]);
  });

  it.each([
    ['snaps to the minute', 1, 20.4 * M, [0, 20, 45]],
    ['stops a minute after the previous slot', 1, -5 * M, [0, 1, 45]],
    ['stops a minute before the next slot', 1, 50 * M, [0, 44, 45]],
    ['the last slot stops a minute before the hour ends', 2, 70 * M, [0, 30, 59]],
    ['the first slot may start after :00', 0, 3 * M, [3, 30, 45]],
    ['an unknown position changes nothing', 7, 3 * M, [0, 30, 45]],
  ])('moveBoundary %s', (_name, position, to, expected) => {
    const moved = moveBoundary([slot(0), slot(30), slot(45)], position, to);
    expect(moved.map((s) => s.offset_ms / M)).toEqual(expected);
  });

  it('adds a slot in the middle of the longest', () => {
    expect(addSlot([slot(0), slot(50)]).map((s) => s.offset_ms / M)).toEqual([0, 25, 50]);
    expect(addSlot([]).map((s) => s.offset_ms)).toEqual([0]);
  });

  it.each([
    [{ days: [1, 2, 3, 4, 5], hours: [6, 7, 8, 9] }, 'Mon–Fri, 06:00–10:00'],
    [{ days: [1, 2, 3, 4, 5, 6, 7], hours: [...Array(24).keys()] }, 'every day, all hours'],
    [{ days: [6, 7, 1], hours: [0, 23] }, 'Mon, Sat–Sun, 00:00–01:00, 23:00–24:00'],
  ])('describes %j', (rule, text) => {
    expect(describeRule(rule)).toBe(text);
  });
});
