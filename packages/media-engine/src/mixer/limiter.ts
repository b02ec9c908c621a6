import { dbToLinear } from './format.js';

// Peak limiter with one frame of look-ahead. The ceiling sits 1.5 dB under full scale so that
// inter-sample peaks after the lossy encoders stay under 0 dBTP without 4x oversampling, which
// would cost more CPU than the whole mixer.
export interface LimiterState {
  gain: number;
  ceiling: number;
  // Gain recovery per sample (multiplicative towards 1).
  releasePerSample: number;
}

export function createLimiter(
  ceilingDb = -1.5,
  releaseMs = 200,
  sampleRate = 44_100,
): LimiterState {
  return {
    gain: 1,
    ceiling: dbToLinear(ceilingDb),
    releasePerSample: 1 - Math.exp(-1 / ((releaseMs / 1000) * sampleRate)),
  };
}

export function framePeak(frame: Float32Array): number {
  let peak = 0;
  for (let i = 0; i < frame.length; i++) {
    const v = Math.abs(frame[i] ?? 0);
    if (v > peak) peak = v;
  }
  return peak;
}

// Limits `current` in place knowing the peak of the frame that follows it, so the gain is
// already down when a transient arrives at the frame boundary.
export function limitFrame(state: LimiterState, current: Float32Array, nextPeak: number): void {
  const peak = Math.max(framePeak(current), nextPeak);
  const target = peak > state.ceiling ? state.ceiling / peak : 1;
  // Nothing to limit and fully recovered: the common case costs one peak scan.
  if (target === 1 && state.gain > 0.9999) {
    state.gain = 1;
    return;
  }
  const samples = current.length / 2;
  const start = state.gain;
  for (let i = 0; i < samples; i++) {
    let g: number;
    if (target < start) {
      // Attack: reach the target by the end of the frame; the look-ahead peak is in the next one.
      g = start + ((target - start) * (i + 1)) / samples;
    } else {
      g = state.gain + (target - state.gain) * state.releasePerSample;
    }
    const curPeak = Math.max(Math.abs(current[2 * i] ?? 0), Math.abs(current[2 * i + 1] ?? 0));
    if (curPeak * g > state.ceiling) g = state.ceiling / curPeak;
    state.gain = g;
    current[2 * i] = (current[2 * i] ?? 0) * g;
    current[2 * i + 1] = (current[2 * i + 1] ?? 0) * g;
  }
}
