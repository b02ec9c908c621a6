import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES } from '../mixer/format.js';
import { rampGainAt } from '../mixer/fade-curves.js';
import { stationTimeline } from './timeline.js';
import { msOfSample, offsetInFrame, OUTPUT_HOLD_SAMPLES, sampleAtMs } from './timeline.js';

describe('timeline arithmetic', () => {
  // Output sample o is heard at start + o/44.1 ms; rendered sample r is output r + 882 (the
  // limiter's one-frame hold).
  it.each([
    // [clockStartMs, ms, rendered sample]
    [1000, 1000, -882],
    [1000, 1020, 0],
    [1000, 1040, 882],
    [1000, 2020, 44_100],
    [0, 20.5, 22],
    [0, 20.01, 0],
    [0, 20.012, 1],
    [500.25, 10_520.25, 441_000],
  ])('start %d: %d ms is rendered sample %d', (start, ms, sample) => {
    expect(sampleAtMs(start, ms)).toBe(sample);
  });

  it.each([
    [0, 0, 20],
    [1000, 882, 1040],
    [1000, 441, 1030],
    [0, 44_100 - OUTPUT_HOLD_SAMPLES, 1000],
  ])('start %d: rendered sample %d is heard at %d ms', (start, sample, ms) => {
    expect(msOfSample(start, sample)).toBeCloseTo(ms, 9);
  });

  it('round-trips every sample of a frame', () => {
    for (let s = 10 * FRAME_SAMPLES; s < 11 * FRAME_SAMPLES; s++)
      expect(sampleAtMs(123.4, msOfSample(123.4, s))).toBe(s);
  });

  it.each([
    // [at, frameStart, offset]
    [0, 0, 0],
    [881, 0, 881],
    [882, 0, undefined],
    [1000, 882, 118],
    [1763, 882, 881],
    [1764, 882, undefined],
    [10, 882, 0], // already rendered: starts at once
    [-5000, 0, 0],
  ])('sample %d in the frame at %d starts at offset %s', (at, frameStart, offset) => {
    expect(offsetInFrame(at, frameStart)).toBe(offset);
  });

  it('converts unix time through the monotonic clock at the time of the call', () => {
    const clock = { startMs: 100, sent: 0, slips: 0 };
    let mono = 100;
    let wall = 1_700_000_000_000;
    const t = stationTimeline(
      clock,
      () => mono,
      () => wall,
    );
    // Unix wall+1000 is mono 1100: rendered sample 1000 ms × 44.1 − 882.
    expect(t.sampleAtMono(t.monoOfUnix(wall + 1000))).toBe(44_100 - 882);
    expect(t.unixOfSample(44_100 - 882)).toBeCloseTo(wall + 1000, 6);
    // Both clocks advance together: the same unix instant maps to the same sample.
    mono += 250;
    wall += 250;
    expect(t.sampleAtMono(t.monoOfUnix(1_700_000_001_000))).toBe(44_100 - 882);
    // A clock slip moves the clock start: the same instant is now an earlier rendered sample.
    clock.startMs += 40;
    expect(t.sampleAtMono(t.monoOfUnix(1_700_000_001_000))).toBe(44_100 - 882 - 1764);
  });

  it('a cut (fade-out of no length) keeps the samples before its start', () => {
    const cut = { curve: 'LINEAR', startSample: 300, lengthSamples: 0, direction: 'out' } as const;
    expect(rampGainAt(cut, 299)).toBe(1);
    expect(rampGainAt(cut, 300)).toBe(0);
    expect(rampGainAt({ ...cut, direction: 'in' }, 0)).toBe(1);
  });
});
