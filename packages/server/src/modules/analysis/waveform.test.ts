import { describe, expect, it } from 'vitest';
import { toWaveform, waveformPoints } from './waveform.js';

describe('waveform', () => {
  it('mirrors absolute peaks into [min, max] and clamps', () => {
    expect(toWaveform('m', [0.5, 1.5, -0.25], 3000)).toEqual({
      media_id: 'm',
      duration_ms: 3000,
      buckets_per_second: 1,
      peaks: [
        [-0.5, 0.5],
        [-1, 1],
        [-0.25, 0.25],
      ],
    });
  });

  it.each([
    [1_000, 100],
    [180_000, 1800],
    [3 * 3_600_000, 4000],
  ])('%i ms → %i points', (ms, points) => {
    expect(waveformPoints(ms)).toBe(points);
  });
});
