import { describe, expect, it } from 'vitest';
import {
  cuePoints,
  introOutro,
  parseEbur128,
  parseSilences,
  replayGainDb,
} from './parse-ffmpeg.js';

const LOG = `
[Parsed_ebur128_0 @ 0x1] t: 1.9    TARGET:-23 LUFS    M: -40.0 S:-120.7     I: -12.7 LUFS       LRA:   0.0 LU
[Parsed_ebur128_0 @ 0x1] t: 2.0    TARGET:-23 LUFS    M: -11.1 S:-120.7     I: -12.4 LUFS       LRA:   0.0 LU
[Parsed_ebur128_0 @ 0x1] t: 5.5    TARGET:-23 LUFS    M: -11.2 S:-120.7     I: -12.4 LUFS       LRA:   0.0 LU
[Parsed_ebur128_0 @ 0x1] t: 6.0    TARGET:-23 LUFS    M: -30.0 S:-120.7     I: -12.4 LUFS       LRA:   0.0 LU
[silencedetect @ 0x2] silence_start: 0
[silencedetect @ 0x2] silence_end: 1.50002 | silence_duration: 1.50002
[silencedetect @ 0x2] silence_start: 5.5
[Parsed_ebur128_0 @ 0x1] Summary:

  Integrated loudness:
    I:         -11.5 LUFS
    Threshold: -21.6 LUFS

  Loudness range:
    LRA:         2.7 LU

  True peak:
    Peak:      -10.5 dBFS
[silencedetect @ 0x2] silence_end: 7 | silence_duration: 1.5
`;

describe('ffmpeg log parsing', () => {
  it('reads the loudness summary and momentary frames', () => {
    const s = parseEbur128(LOG);
    expect(s).toMatchObject({ integratedLufs: -11.5, lraLu: 2.7, truePeakDbtp: -10.5 });
    expect(s?.momentary).toHaveLength(4);
    expect(s?.momentary[1]).toEqual({ tMs: 2000, lufs: -11.1 });
  });

  it('returns undefined without a summary', () => {
    expect(parseEbur128('nothing')).toBeUndefined();
  });

  it('pairs silence spans', () => {
    expect(parseSilences(LOG)).toEqual([
      { startMs: 0, endMs: 1500 },
      { startMs: 5500, endMs: 7000 },
    ]);
  });

  const cues: [
    string,
    { startMs: number; endMs: number | undefined }[],
    number,
    [number, number],
  ][] = [
    [
      'leading and trailing silence',
      [
        { startMs: 0, endMs: 1500 },
        { startMs: 5500, endMs: 7000 },
      ],
      7000,
      [1500, 5500],
    ],
    ['no silence', [], 7000, [0, 7000]],
    ['silence in the middle only', [{ startMs: 3000, endMs: 4000 }], 7000, [0, 7000]],
    ['trailing silence never ends', [{ startMs: 6000, endMs: undefined }], 7000, [0, 6000]],
    ['all silent', [{ startMs: 0, endMs: undefined }], 7000, [0, 7000]],
  ];
  it.each(cues)('cue points: %s', (_n, spans, duration, [cueIn, cueOut]) => {
    expect(cuePoints(spans, duration)).toEqual({ cueInMs: cueIn, cueOutMs: cueOut });
  });

  it('estimates intro and outro', () => {
    const s = parseEbur128(LOG);
    expect(s && introOutro(s, 1500, 5500)).toEqual({ introEndMs: 1600, outroStartMs: 5500 });
  });

  it('computes ReplayGain against -18 LUFS', () => {
    expect(replayGainDb(-11.5)).toBe(-6.5);
    expect(replayGainDb(-23)).toBe(5);
  });
});
