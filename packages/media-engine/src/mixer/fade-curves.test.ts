import { describe, expect, it } from 'vitest';
import type { FadeCurveName } from '@grimnir/contracts';
import { applyRamp, curveGain, rampGainAt } from './fade-curves.js';

describe('curveGain golden values', () => {
  const table: [FadeCurveName, number, number][] = [
    ['LINEAR', 0, 0],
    ['LINEAR', 0.25, 0.25],
    ['LINEAR', 1, 1],
    ['EQUAL_POWER', 0.25, 0.3826834323650898],
    ['EQUAL_POWER', 0.5, 0.7071067811865476],
    ['EQUAL_POWER', 1, 1],
    ['LOGARITHMIC', 0, 0],
    ['LOGARITHMIC', 0.5, 0.03162277660168379],
    ['LOGARITHMIC', 0.75, 0.17782794100389226],
    ['LOGARITHMIC', 1, 1],
    ['S_CURVE', 0.25, 0.14644660940672624],
    ['S_CURVE', 0.5, 0.5],
    ['S_CURVE', 1, 1],
    ['LINEAR', -1, 0],
    ['S_CURVE', 2, 1],
  ];
  it.each(table)('%s at %f = %f', (curve, t, expected) => {
    expect(curveGain(curve, t)).toBeCloseTo(expected, 12);
  });

  it('equal-power crossfade keeps constant power', () => {
    for (let t = 0; t <= 1; t += 0.05) {
      const a = curveGain('EQUAL_POWER', t);
      const b = curveGain('EQUAL_POWER', 1 - t);
      expect(a * a + b * b).toBeCloseTo(1, 12);
    }
  });

  it('linear and s-curve crossfades keep constant amplitude', () => {
    for (const curve of ['LINEAR', 'S_CURVE'] as const) {
      for (let t = 0; t <= 1; t += 0.1) {
        expect(curveGain(curve, t) + curveGain(curve, 1 - t)).toBeCloseTo(1, 12);
      }
    }
  });
});

describe('ramps', () => {
  it('fade-out mirrors fade-in', () => {
    const fadeIn = {
      curve: 'S_CURVE' as const,
      startSample: 100,
      lengthSamples: 400,
      direction: 'in' as const,
    };
    const fadeOut = { ...fadeIn, direction: 'out' as const };
    expect(rampGainAt(fadeIn, 200)).toBeCloseTo(rampGainAt(fadeOut, 400), 12);
    expect(rampGainAt(fadeIn, 50)).toBe(0);
    expect(rampGainAt(fadeOut, 600)).toBe(0);
  });

  it('applies per sample to both channels', () => {
    const frame = new Float32Array([1, 1, 1, 1, 1, 1, 1, 1]);
    applyRamp(frame, 0, { curve: 'LINEAR', startSample: 0, lengthSamples: 4, direction: 'in' });
    expect(Array.from(frame)).toEqual([0, 0, 0.25, 0.25, 0.5, 0.5, 0.75, 0.75]);
  });

  it('zero-length ramp is a cut', () => {
    expect(
      rampGainAt({ curve: 'LINEAR', startSample: 0, lengthSamples: 0, direction: 'in' }, 0),
    ).toBe(1);
    expect(
      rampGainAt({ curve: 'LINEAR', startSample: 0, lengthSamples: 0, direction: 'out' }, 0),
    ).toBe(0);
  });
});
