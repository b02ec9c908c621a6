import { describe, expect, it } from 'vitest';
import { dbToLinear, FRAME_FLOATS, linearToDb, msToSamples, writeS16 } from './format.js';
import { itemGainDb } from './loudness-gain.js';
import { createLimiter, framePeak, limitFrame } from './limiter.js';
import { accumulate, createMeterAccumulator, drain, measureFrame } from './meters.js';
import { createSilenceDetector, observeSilence } from './silence-detector.js';

describe('itemGainDb', () => {
  const table: [string, { gainDb?: number | null; loudnessLufs?: number | null }, number][] = [
    ['explicit gain wins', { gainDb: -3, loudnessLufs: -30 }, -3],
    ['quiet item boosted to target', { loudnessLufs: -30 }, 14],
    ['loud item cut to target', { loudnessLufs: -10 }, -6],
    ['unmeasured item untouched', {}, 0],
    ['boost capped', { loudnessLufs: -60 }, 20],
    ['null gain falls back to loudness', { gainDb: null, loudnessLufs: -20 }, 4],
  ];
  it.each(table)('%s', (_name, item, expected) => {
    expect(itemGainDb(item, -16)).toBeCloseTo(expected, 9);
  });
});

describe('format helpers', () => {
  it('converts', () => {
    expect(msToSamples(20)).toBe(882);
    expect(dbToLinear(-6.020599913279624)).toBeCloseTo(0.5, 12);
    expect(linearToDb(0.1)).toBeCloseTo(-20, 12);
    expect(linearToDb(0)).toBe(-Infinity);
  });
});

describe('limiter', () => {
  it('passes quiet audio untouched', () => {
    const state = createLimiter();
    const frame = new Float32Array(FRAME_FLOATS).fill(0.5);
    limitFrame(state, frame, 0.5);
    expect(framePeak(frame)).toBeCloseTo(0.5, 6);
  });

  it('never exceeds the ceiling and recovers afterwards', () => {
    const state = createLimiter(-1.5, 50);
    const ceiling = dbToLinear(-1.5);
    const loud = new Float32Array(FRAME_FLOATS).fill(1.8);
    limitFrame(state, loud, 1.8);
    expect(framePeak(loud)).toBeLessThanOrEqual(ceiling + 1e-6);
    for (let f = 0; f < 50; f++) {
      const quiet = new Float32Array(FRAME_FLOATS).fill(0.1);
      limitFrame(state, quiet, 0.1);
    }
    expect(state.gain).toBeGreaterThan(0.99);
  });

  it('ducks ahead of a transient in the next frame', () => {
    const state = createLimiter();
    const frame = new Float32Array(FRAME_FLOATS).fill(0.5);
    limitFrame(state, frame, 2);
    expect(frame[FRAME_FLOATS - 1]).toBeCloseTo(0.5 * (dbToLinear(-1.5) / 2), 4);
  });
});

describe('meters', () => {
  it('measures a full-scale square as 0 dBFS', () => {
    const frame = new Float32Array([1, -1, 1, -1]);
    expect(measureFrame(frame)).toEqual({ rmsDb: 0, peakDb: 0 });
  });
  it('reports silence as -120', () => {
    expect(measureFrame(new Float32Array(8))).toEqual({ rmsDb: -120, peakDb: -120 });
  });
  it('averages power over frames', () => {
    const acc = createMeterAccumulator();
    accumulate(acc, { rmsDb: 0, peakDb: 0 });
    accumulate(acc, { rmsDb: -120, peakDb: -120 });
    const out = drain(acc);
    expect(out.rmsDb).toBeCloseTo(-3.0103, 3);
    expect(out.peakDb).toBe(0);
    expect(drain(acc).rmsDb).toBe(-120);
  });
});

describe('silence detector', () => {
  it('fires once after the duration and re-arms on sound', () => {
    const state = createSilenceDetector(-50, 100);
    const fired: (number | undefined)[] = [];
    for (let i = 0; i < 8; i++) fired.push(observeSilence(state, -80, 20));
    expect(fired).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      100,
      undefined,
      undefined,
      undefined,
    ]);
    expect(observeSilence(state, -10, 20)).toBeUndefined();
    for (let i = 0; i < 4; i++) observeSilence(state, -80, 20);
    expect(observeSilence(state, -80, 20)).toBe(100);
  });
});

describe('writeS16', () => {
  it('scales and clamps into place', () => {
    const out = new Int16Array(8).fill(7);
    writeS16(new Float32Array([0, 0.5, -0.5, 1.5, -2, 1]), out, 1);
    expect(Array.from(out)).toEqual([7, 0, 16384, -16383, 32767, -32768, 32767, 7]);
  });
});
