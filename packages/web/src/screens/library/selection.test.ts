import { describe, expect, it } from 'vitest';
import { EMPTY_SELECTION, chunks, clickRow, toggleAll, type Selection } from './selection';

const rows = ['a', 'b', 'c', 'd', 'e'];
const ids = (s: Selection) => [...s.ids].sort();

describe('clickRow', () => {
  it('toggles one row and remembers it as the anchor', () => {
    const on = clickRow(EMPTY_SELECTION, rows, 1, false);
    expect(ids(on)).toEqual(['b']);
    expect(on.anchor).toBe(1);
    expect(ids(clickRow(on, rows, 1, false))).toEqual([]);
  });

  it.each([
    ['downwards', 1, 3, ['b', 'c', 'd']],
    ['upwards', 3, 0, ['a', 'b', 'c', 'd']],
  ])('shift-click selects the range %s', (_name, from, to, want) => {
    const s = clickRow(clickRow(EMPTY_SELECTION, rows, from, false), rows, to, true);
    expect(ids(s)).toEqual(want);
    expect(s.anchor).toBe(from);
  });

  it('shift-click on a selected row clears the range', () => {
    let s = clickRow(EMPTY_SELECTION, rows, 0, false);
    s = clickRow(s, rows, 4, true);
    s = clickRow(s, rows, 2, true);
    expect(ids(s)).toEqual(['d', 'e']);
  });

  it('shift-click without an anchor is a plain click', () => {
    expect(ids(clickRow(EMPTY_SELECTION, rows, 2, true))).toEqual(['c']);
  });

  it('ignores an index outside the loaded rows', () => {
    expect(clickRow(EMPTY_SELECTION, rows, 9, false)).toBe(EMPTY_SELECTION);
  });
});

describe('toggleAll', () => {
  it('selects every loaded row, then clears', () => {
    const all = toggleAll(clickRow(EMPTY_SELECTION, rows, 1, false), rows);
    expect(ids(all)).toEqual(rows);
    expect(ids(toggleAll(all, rows))).toEqual([]);
  });
});

describe('chunks', () => {
  it('splits into requests of at most the given size', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([], 2)).toEqual([]);
  });
});
