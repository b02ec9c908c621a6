import { describe, expect, it } from 'vitest';
import {
  moveItem,
  msToSeconds,
  overridesProblem,
  secondsToMs,
  toInput,
  trackLabel,
  withStableKeys,
} from './playlist-items';

const none = { cue_in_ms: null, cue_out_ms: null, fade_in_ms: null, fade_out_ms: null };

describe('playlist item helpers', () => {
  it('sends only the overrides an item has', () => {
    expect(toInput({ media_id: 'm', ...none, cue_in_ms: 0, fade_out_ms: 500 })).toEqual({
      media_id: 'm',
      cue_in_ms: 0,
      fade_out_ms: 500,
    });
  });
  it.each([
    [0, 2, ['b', 'c', 'a']],
    [2, 0, ['c', 'a', 'b']],
    [1, 1, ['a', 'b', 'c']],
    [0, 5, ['a', 'b', 'c']],
  ])('moves %i → %i', (from, to, out) => expect(moveItem(['a', 'b', 'c'], from, to)).toEqual(out));
  it.each([
    ['', null],
    [' 12 ', 12_000],
    ['1,5', 1_500],
    ['0.25', 250],
    ['-1', undefined],
    ['abc', undefined],
  ])('seconds %j → %j ms', (text, ms) => expect(secondsToMs(text)).toBe(ms));
  it('shows ms as seconds with one decimal', () => {
    expect([msToSeconds(null), msToSeconds(1500), msToSeconds(61_000)]).toEqual(['', '1.5', '61']);
  });
  it.each([
    [{ ...none }, 180_000, null],
    [{ ...none, cue_in_ms: 5000, cue_out_ms: 4000 }, 180_000, 'Cue out must be after cue in.'],
    [{ ...none, cue_in_ms: 200_000 }, 180_000, 'Cue in must be before the end of the track.'],
    [{ ...none, cue_out_ms: 190_000 }, 180_000, 'Cue out is past the end of the track.'],
    [{ ...none, cue_out_ms: 190_000 }, null, null],
    [{ ...none, fade_in_ms: 61_000 }, 180_000, 'Fades are at most 60 seconds.'],
  ])('checks overrides %j', (o, duration, problem) =>
    expect(overridesProblem(o, duration)).toBe(problem),
  );
  it('labels tracks', () => {
    expect(trackLabel({ title: 'T', artist: 'A' })).toBe('A – T');
    expect(trackLabel({ title: 'T', artist: null })).toBe('T');
    expect(trackLabel({ title: null, artist: null })).toBe('Missing track');
  });
  it('keys rows by track and occurrence, whatever ids the last save gave them', () => {
    const keys = (ids: string[][]) =>
      withStableKeys(ids.map(([id, media_id]) => ({ id: id!, media_id: media_id! }))).map(
        (i) => i.id,
      );
    expect(
      keys([
        ['x1', 'a'],
        ['x2', 'b'],
        ['x3', 'a'],
      ]),
    ).toEqual(['a#0', 'b#0', 'a#1']);
    expect(
      keys([
        ['y1', 'a'],
        ['y2', 'b'],
        ['y3', 'a'],
      ]),
    ).toEqual(['a#0', 'b#0', 'a#1']);
  });
});
