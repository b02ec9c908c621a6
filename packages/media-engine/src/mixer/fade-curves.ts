import type { FadeCurveName } from '@grimnir/contracts';

// Gain of a fade-in at progress t in [0, 1]; a fade-out uses curveGain(curve, 1 - t), so a
// crossfade's two sides are mirror images and equal-power keeps constant power across it.
export function curveGain(curve: FadeCurveName, t: number): number {
  const x = t <= 0 ? 0 : t >= 1 ? 1 : t;
  switch (curve) {
    case 'LINEAR':
      return x;
    case 'EQUAL_POWER':
      return Math.sin((x * Math.PI) / 2);
    case 'LOGARITHMIC':
      // Linear in dB over a 60 dB range, which the ear hears as an even fade; exact 0 at the start.
      return x === 0 ? 0 : Math.pow(10, (-60 * (1 - x)) / 20);
    case 'S_CURVE':
      return (1 - Math.cos(Math.PI * x)) / 2;
  }
}

export interface Ramp {
  curve: FadeCurveName;
  // Samples already elapsed when the ramp is applied to the next frame.
  startSample: number;
  lengthSamples: number;
  direction: 'in' | 'out';
}

export function rampGainAt(ramp: Ramp, sample: number): number {
  // A cut: a fade-out of no length still plays everything before its start (a split frame).
  if (ramp.lengthSamples <= 0) return ramp.direction === 'in' || sample < ramp.startSample ? 1 : 0;
  const t = (sample - ramp.startSample) / ramp.lengthSamples;
  return ramp.direction === 'in' ? curveGain(ramp.curve, t) : curveGain(ramp.curve, 1 - t);
}

// Multiplies an interleaved stereo frame by a ramp evaluated per sample (sample-accurate fades).
// Hot path: plain indexed loop, no allocation.
export function applyRamp(frame: Float32Array, frameStartSample: number, ramp: Ramp): void {
  const samples = frame.length / 2;
  for (let i = 0; i < samples; i++) {
    const g = rampGainAt(ramp, frameStartSample + i);
    frame[2 * i] = (frame[2 * i] ?? 0) * g;
    frame[2 * i + 1] = (frame[2 * i + 1] ?? 0) * g;
  }
}
