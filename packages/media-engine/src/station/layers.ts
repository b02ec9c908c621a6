// Gain after `samples` samples moving from `from` towards `to` by `step` per sample.
export function stepGain(from: number, to: number, step: number, samples: number): number {
  if (to > from) return Math.min(to, from + step * samples);
  return Math.max(to, from - step * samples);
}

// Adds an interleaved stereo layer into `out` with a linear gain ramp from `from` to `to`
// across the frame; returns the gain reached.
export function addWithRamp(
  out: Float32Array,
  layer: Float32Array,
  from: number,
  to: number,
  samples: number,
): number {
  if (from === to) {
    for (let i = 0; i < samples * 2; i++) out[i] = (out[i] ?? 0) + (layer[i] ?? 0) * from;
    return to;
  }
  for (let i = 0; i < samples; i++) {
    const g = from + ((to - from) * (i + 1)) / samples;
    out[2 * i] = (out[2 * i] ?? 0) + (layer[2 * i] ?? 0) * g;
    out[2 * i + 1] = (out[2 * i + 1] ?? 0) + (layer[2 * i + 1] ?? 0) * g;
  }
  return to;
}
