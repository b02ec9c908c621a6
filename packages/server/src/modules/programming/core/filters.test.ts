import type { SmartBlockFilter } from '@grimnir/contracts';
import { describe, expect, it } from 'vitest';
import { track } from '../../../test-support/programming-fixtures.js';
import { compileFilter, compileSelection, parseRelativeDuration } from './filters.js';

const NOW = Date.UTC(2026, 5, 1);
const DAY = 86_400_000;
const t = track('a', {
  genre: 'Rock',
  artist: 'The Beatles',
  year: 1969,
  bpm: 120,
  tags: ['Hit', 'sixties'],
  addedAt: NOW - 10 * DAY,
  lastPlayedAt: NOW - 2 * DAY,
  playCount: 7,
  explicit: false,
  language: 'en',
  label: 'Apple',
  durationMs: 200_000,
  cueInMs: 1_000,
  cueOutMs: 191_000,
});

describe('compileFilter', () => {
  it.each<[SmartBlockFilter, boolean]>([
    [{ field: 'genre', op: 'eq', value: 'rock' }, true],
    [{ field: 'genre', op: 'eq', value: 'jazz' }, false],
    [{ field: 'genre', op: 'neq', value: 'jazz' }, true],
    [{ field: 'mood', op: 'neq', value: 'calm' }, true],
    [{ field: 'mood', op: 'eq', value: 'calm' }, false],
    [{ field: 'artist', op: 'contains', value: 'beat' }, true],
    [{ field: 'artist', op: 'contains', value: 'stones' }, false],
    [{ field: 'tags', op: 'eq', value: 'hit' }, true],
    [{ field: 'tags', op: 'contains', value: 'sixt' }, true],
    [{ field: 'tags', op: 'in', value: ['new', 'sixties'] }, true],
    [{ field: 'genre', op: 'in', value: ['pop', 'jazz'] }, false],
    [{ field: 'year', op: 'between', value: [1960, 1969] }, true],
    [{ field: 'year', op: 'between', value: [1970, 1979] }, false],
    [{ field: 'bpm', op: 'gt', value: 119 }, true],
    [{ field: 'bpm', op: 'lt', value: 120 }, false],
    [{ field: 'duration_ms', op: 'eq', value: 190_000 }, true],
    [{ field: 'play_count', op: 'lt', value: 10 }, true],
    [{ field: 'explicit', op: 'eq', value: false }, true],
    [{ field: 'language', op: 'in', value: ['EN'] }, true],
    [{ field: 'label', op: 'eq', value: 'apple' }, true],
    [{ field: 'added_at', op: 'newer_than', value: '30d' }, true],
    [{ field: 'added_at', op: 'newer_than', value: '7d' }, false],
    [{ field: 'added_at', op: 'gt', value: '2026-05-01T00:00:00Z' }, true],
    [{ field: 'last_played_at', op: 'older_than', value: '1d' }, true],
    [{ field: 'last_played_at', op: 'older_than', value: '3d' }, false],
    [{ field: 'last_played_at', op: 'newer_than', value: 3 * DAY }, true],
    [{ field: 'energy', op: 'between', value: [0.4, 0.6] }, true],
  ])('%j → %s', (filter, expected) => {
    expect(compileFilter(filter, NOW)(t)).toBe(expected);
  });

  it('treats a never-played track as older than any bound and newer than none', () => {
    const fresh = track('b');
    expect(
      compileFilter({ field: 'last_played_at', op: 'older_than', value: '1d' }, NOW)(fresh),
    ).toBe(true);
    expect(
      compileFilter({ field: 'last_played_at', op: 'newer_than', value: '1d' }, NOW)(fresh),
    ).toBe(false);
  });
});

describe('compileSelection', () => {
  const rock = track('r', { genre: 'rock', explicit: true });
  const jazz = track('j', { genre: 'jazz' });
  it.each<['all' | 'any', SmartBlockFilter[], SmartBlockFilter[], boolean, boolean]>([
    ['all', [], [], true, true],
    ['all', [{ field: 'genre', op: 'eq', value: 'rock' }], [], true, false],
    [
      'any',
      [
        { field: 'genre', op: 'eq', value: 'rock' },
        { field: 'genre', op: 'eq', value: 'jazz' },
      ],
      [],
      true,
      true,
    ],
    ['all', [], [{ field: 'explicit', op: 'eq', value: true }], false, true],
  ])('%s include=%j exclude=%j', (mode, include, exclude, rockOk, jazzOk) => {
    const p = compileSelection(include, mode, exclude, NOW);
    expect([p(rock), p(jazz)]).toEqual([rockOk, jazzOk]);
  });
});

describe('parseRelativeDuration', () => {
  it.each([
    ['90m', 5_400_000],
    ['2w', 1_209_600_000],
    ['500ms', 500],
    [1234, 1234],
  ])('%s', (input, ms) => expect(parseRelativeDuration(input)).toBe(ms));
  it('rejects garbage', () => expect(() => parseRelativeDuration('soon')).toThrow());
});

describe('compiled membership over a library (answers kept per distinct value)', () => {
  const tracks = [
    track('1', { genre: 'Rock', tags: ['Hit'], explicit: true, bpm: 1 }),
    track('2', { genre: 'rock', tags: [], explicit: false }),
    track('3', { genre: 'JAZZ', tags: ['hit', 'x'] }),
    track('4', { genre: null, tags: ['HIT'], explicit: true }),
    track('5', { genre: 'Rock', tags: ['other'], explicit: false }),
  ];
  it.each<[SmartBlockFilter, string]>([
    [{ field: 'genre', op: 'in', value: ['rock', 'pop'] }, '1,2,5'],
    [{ field: 'genre', op: 'neq', value: 'rock' }, '3,4'],
    [{ field: 'tags', op: 'eq', value: 'hit' }, '1,3,4'],
    [{ field: 'explicit', op: 'eq', value: true }, '1,4'],
    [{ field: 'explicit', op: 'neq', value: true }, '2,3,5'],
    // A missing flag reads as false.
    [{ field: 'explicit', op: 'in', value: [true, false] }, '1,2,3,4,5'],
    // A boolean never equals a string or a number, whatever the field.
    [{ field: 'genre', op: 'eq', value: true }, ''],
    [{ field: 'bpm', op: 'eq', value: true }, ''],
  ])('%j matches %s, twice over', (filter, ids) => {
    const p = compileFilter(filter, NOW);
    // Twice: the second pass answers from what the first learnt, and must agree.
    for (let pass = 0; pass < 2; pass++) {
      expect(
        tracks
          .filter((x) => p(x))
          .map((x) => x.id)
          .join(','),
      ).toBe(ids);
    }
  });
});
