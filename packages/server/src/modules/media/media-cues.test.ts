import { describe, expect, it } from 'vitest';
import { cueIssues, touchesCues, type CuePoints } from './media-cues.js';

const none: CuePoints = {
  cue_in_ms: null,
  cue_out_ms: null,
  intro_ms: null,
  outro_ms: null,
  fade_in_ms: null,
  fade_out_ms: null,
};
const DURATION = 180_000;
const fields = (c: Partial<CuePoints>) =>
  cueIssues({ ...none, ...c }, DURATION).map((i) => i.path[0]);

describe('cueIssues', () => {
  it.each<[string, Partial<CuePoints>]>([
    ['nothing set', {}],
    [
      'a full set in order',
      {
        cue_in_ms: 500,
        intro_ms: 12_000,
        outro_ms: 170_000,
        cue_out_ms: 179_000,
        fade_in_ms: 0,
        fade_out_ms: 3_000,
      },
    ],
    ['cue points on the very edges', { cue_in_ms: 0, cue_out_ms: DURATION }],
    [
      'intro and outro on the cues',
      { cue_in_ms: 1_000, intro_ms: 1_000, outro_ms: 2_000, cue_out_ms: 2_000 },
    ],
    [
      'fades filling exactly what plays',
      { cue_in_ms: 0, cue_out_ms: 10_000, fade_in_ms: 4_000, fade_out_ms: 6_000 },
    ],
  ])('accepts %s', (_name, c) => {
    expect(fields(c)).toEqual([]);
  });

  it.each<[string, Partial<CuePoints>, string[]]>([
    ['a cue-out past the end', { cue_out_ms: DURATION + 1 }, ['cue_out_ms']],
    ['a cue-in past the end', { cue_in_ms: DURATION + 1 }, ['cue_in_ms', 'cue_out_ms']],
    ['cue-out before cue-in', { cue_in_ms: 5_000, cue_out_ms: 4_000 }, ['cue_out_ms']],
    ['cue-out equal to cue-in', { cue_in_ms: 5_000, cue_out_ms: 5_000 }, ['cue_out_ms']],
    ['an intro before the cue-in', { cue_in_ms: 5_000, intro_ms: 4_000 }, ['intro_ms']],
    ['an outro after the cue-out', { cue_out_ms: 100_000, outro_ms: 150_000 }, ['outro_ms']],
    ['an outro before the intro ends', { intro_ms: 20_000, outro_ms: 10_000 }, ['outro_ms']],
    [
      'a fade-in longer than what plays',
      { cue_in_ms: 0, cue_out_ms: 1_000, fade_in_ms: 2_000 },
      ['fade_in_ms'],
    ],
    [
      'fades that overlap',
      { cue_out_ms: 10_000, fade_in_ms: 6_000, fade_out_ms: 6_000 },
      ['fade_out_ms'],
    ],
  ])('refuses %s', (_name, c, expected) => {
    expect(fields(c)).toEqual(expected);
  });
});

describe('touchesCues', () => {
  it('sees a cue field set or cleared, and ignores other fields', () => {
    expect(touchesCues({ cue_in_ms: 0 })).toBe(true);
    expect(touchesCues({ fade_out_ms: null })).toBe(true);
    expect(touchesCues({})).toBe(false);
  });
});
