import { describe, expect, it } from 'vitest';
import { hasFilters, parseLibrarySearch, toListQuery } from './library-search';

describe('parseLibrarySearch', () => {
  it('keeps valid values and drops unknown or malformed ones', () => {
    expect(
      parseLibrarySearch({
        view: 'failed',
        q: 'night',
        sort: 'artist',
        order: 'desc',
        genre: 'Jazz',
        state: 'complete',
        from: '2026-01-02',
        to: '2026-13-45x',
        other: 'x',
      }),
    ).toEqual({
      view: 'failed',
      q: 'night',
      sort: 'artist',
      order: 'desc',
      genre: 'Jazz',
      state: 'complete',
      from: '2026-01-02',
    });
  });

  it.each([
    ['view', 'bogus'],
    ['sort', 'bpm'],
    ['order', 'up'],
    ['state', 'done'],
    ['q', '   '],
    ['from', 'yesterday'],
  ])('drops %s=%s', (key, value) => {
    expect(parseLibrarySearch({ [key]: value })).toEqual({});
  });
});

describe('toListQuery', () => {
  it('defaults to newest first', () => {
    expect(toListQuery({})).toEqual({ sort: 'added', order: 'desc' });
  });

  it.each([
    ['title', 'asc'],
    ['artist', 'asc'],
    ['duration', 'asc'],
    ['last_played', 'desc'],
  ] as const)('sort %s defaults to %s', (sort, order) => {
    expect(toListQuery({ sort }).order).toBe(order);
  });

  it('pins the failed view to failed analyses whatever the state filter says', () => {
    expect(toListQuery({ view: 'failed', state: 'complete' }).analysis_state).toBe('failed');
  });

  it('turns calendar days into a half-open range of local midnights', () => {
    const q = toListQuery({ from: '2026-03-01', to: '2026-03-01' });
    expect(q.added_from).toBe(new Date(2026, 2, 1).toISOString());
    expect(q.added_to).toBe(new Date(2026, 2, 2).toISOString());
  });
});

describe('hasFilters', () => {
  it('is false for view and sort alone', () => {
    expect(hasFilters({ view: 'all', sort: 'title' })).toBe(false);
    expect(hasFilters({ tag: 'x' })).toBe(true);
  });
});
