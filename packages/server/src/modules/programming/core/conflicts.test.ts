import { describe, expect, it } from 'vitest';
import { findConflicts, findGaps, resolveOverlaps, subtract } from './conflicts.js';

const s = (startMs: number, endMs: number, key = `${startMs}`, priority = 0, shifted = false) => ({
  startMs,
  endMs,
  key,
  priority,
  shifted,
});

describe('findConflicts', () => {
  it.each([
    [[s(0, 10), s(10, 20)], []],
    [[s(0, 10), s(5, 20)], [[5, 10]]],
    [
      [s(0, 30), s(5, 10), s(20, 40)],
      [
        [5, 10],
        [20, 30],
      ],
    ],
    [[s(5, 10), s(0, 30)], [[5, 10]]],
  ])('%j → %j', (spans, expected) => {
    expect(findConflicts(spans).map((c) => [c.startMs, c.endMs])).toEqual(expected);
  });
});

describe('resolveOverlaps', () => {
  it.each([
    [
      'disjoint stay whole',
      [s(0, 10, 'a'), s(10, 20, 'b')],
      [
        ['a', 0, 10],
        ['b', 10, 20],
      ],
    ],
    [
      'earlier start wins a tie in priority',
      [s(5, 20, 'b'), s(0, 10, 'a')],
      [
        ['a', 0, 10],
        ['b', 10, 20],
      ],
    ],
    [
      'higher priority cuts a hole',
      [s(0, 30, 'a'), s(10, 20, 'b', 5)],
      [
        ['a', 0, 10],
        ['b', 10, 20],
        ['a', 20, 30],
      ],
    ],
    [
      'a DST-shifted occurrence yields',
      [s(0, 10, 'moved', 0, true), s(0, 10, 'native')],
      [['native', 0, 10]],
    ],
    ['key breaks exact ties', [s(0, 10, 'z'), s(0, 10, 'y')], [['y', 0, 10]]],
  ])('%s', (_name, spans, expected) => {
    expect(resolveOverlaps(spans).map((p) => [p.source.key, p.startMs, p.endMs])).toEqual(expected);
  });
});

describe('subtract / findGaps', () => {
  it.each([
    [{ startMs: 0, endMs: 100 }, [], [[0, 100]]],
    [
      { startMs: 0, endMs: 100 },
      [
        { startMs: 10, endMs: 20 },
        { startMs: 50, endMs: 120 },
      ],
      [
        [0, 10],
        [20, 50],
      ],
    ],
    [{ startMs: 0, endMs: 100 }, [{ startMs: -5, endMs: 100 }], []],
  ])('%j minus %j', (span, taken, expected) => {
    expect(subtract(span, taken).map((x) => [x.startMs, x.endMs])).toEqual(expected);
  });

  it('merges overlapping coverage before looking for holes', () => {
    const gaps = findGaps([s(30, 60), s(0, 40), s(70, 80)], { startMs: 0, endMs: 100 });
    expect(gaps).toEqual([
      { startMs: 60, endMs: 70 },
      { startMs: 80, endMs: 100 },
    ]);
  });
});
