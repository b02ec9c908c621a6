import { describe, expect, it } from 'vitest';
import {
  changedFields,
  formatMs,
  fromMedia,
  markerIssues,
  moveMarker,
  parseTime,
  previewGain,
  toPatch,
} from './cue-model';

const saved = {
  cue_in_ms: 1_000,
  cue_out_ms: 9_000,
  intro_ms: 2_000,
  outro_ms: 8_000,
  fade_in_ms: 500,
  fade_out_ms: 1_500,
};

describe('cue model', () => {
  it('round-trips the API fields through marker positions (fades as lengths)', () => {
    const p = fromMedia(saved, 10_000);
    expect(p).toEqual({
      cueIn: 1_000,
      cueOut: 9_000,
      introEnd: 2_000,
      outroStart: 8_000,
      fadeInEnd: 1_500,
      fadeOutStart: 7_500,
    });
    expect(toPatch(p, 10_000)).toEqual(saved);
    expect(changedFields(p, saved, 10_000)).toEqual([]);
  });

  it('keeps fade lengths measured from the cue they belong to', () => {
    const p = { ...fromMedia(saved, 10_000), cueIn: 1_200 };
    expect(toPatch(p, 10_000).fade_in_ms).toBe(300);
    expect(changedFields(p, saved, 10_000)).toEqual(['cue_in_ms', 'fade_in_ms']);
  });

  it('unset cues mean the file ends; unset fades stay null', () => {
    const none = {
      cue_in_ms: null,
      cue_out_ms: null,
      intro_ms: null,
      outro_ms: null,
      fade_in_ms: null,
      fade_out_ms: null,
    };
    const p = fromMedia(none, 5_000);
    expect(toPatch(p, 5_000)).toEqual(none);
    expect(toPatch({ ...p, fadeOutStart: 4_000 }, 5_000).fade_out_ms).toBe(1_000);
  });

  it('flags what the server refuses: outside the file, out of order', () => {
    const p = fromMedia(saved, 10_000);
    expect(markerIssues(p, 10_000)).toEqual({});
    expect(markerIssues({ ...p, cueOut: 12_000 }, 10_000).cueOut).toMatch(/inside the file/);
    expect(markerIssues({ ...p, cueOut: 500 }, 10_000).cueOut).toMatch(/after the cue-in/);
    expect(markerIssues({ ...p, introEnd: 500 }, 10_000).introEnd).toMatch(/between/);
    expect(markerIssues({ ...p, introEnd: 8_500 }, 10_000).outroStart).toMatch(/intro ends/);
    expect(markerIssues({ ...p, fadeInEnd: 8_000 }, 10_000).fadeOutStart).toMatch(/fade-in/);
  });

  it('moving a cue carries its fade along and pushes the intro and outro', () => {
    const p = fromMedia({ ...saved, intro_ms: 0, outro_ms: 9_000, cue_in_ms: 0 }, 10_000);
    const moved = moveMarker(p, 'cueIn', 5_000, 10_000);
    expect(moved.introEnd).toBe(5_000);
    expect(toPatch(moved, 10_000).fade_in_ms).toBe(500);
    expect(markerIssues(moved, 10_000)).toEqual({});
    const out = moveMarker(p, 'cueOut', 8_000, 10_000);
    expect(out.outroStart).toBe(8_000);
    expect(toPatch(out, 10_000).fade_out_ms).toBe(1_500);
    expect(moveMarker(p, 'introEnd', 3_000, 10_000)).toEqual({ ...p, introEnd: 3_000 });
  });

  it('formats and parses m:ss.mmm and friends', () => {
    expect(formatMs(0)).toBe('0:00.000');
    expect(formatMs(65_432)).toBe('1:05.432');
    expect(formatMs(3_723_004)).toBe('1:02:03.004');
    expect(parseTime('1:05.432')).toBe(65_432);
    expect(parseTime('1:02:03.004')).toBe(3_723_004);
    expect(parseTime('5')).toBe(5_000);
    expect(parseTime('4,5')).toBe(4_500);
    expect(parseTime('0:05.1')).toBe(5_100);
    expect(parseTime('  ')).toBeNull();
    expect(parseTime('1:75')).toBeUndefined();
    expect(parseTime('abc')).toBeUndefined();
  });

  it('previews fades as a gain ramp and silence outside the cues', () => {
    const p = fromMedia(saved, 10_000);
    expect(previewGain(p, 500, 10_000)).toBe(0);
    expect(previewGain(p, 1_250, 10_000)).toBeCloseTo(0.5);
    expect(previewGain(p, 5_000, 10_000)).toBe(1);
    expect(previewGain(p, 8_250, 10_000)).toBeCloseTo(0.5);
    expect(previewGain(p, 9_500, 10_000)).toBe(0);
  });
});
