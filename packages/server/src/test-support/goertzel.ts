/** Relative power of one frequency in a block of samples (Goertzel algorithm). */
function goertzelPower(samples: Float32Array, sampleRate: number, freq: number): number {
  const k = Math.round((samples.length * freq) / sampleRate);
  const w = (2 * Math.PI * k) / samples.length;
  const coeff = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  for (const x of samples) {
    const s0 = x + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return (s1 * s1 + s2 * s2 - coeff * s1 * s2) / (samples.length * samples.length);
}

/** The candidate frequency with the most power in `samples`. */
export function dominantFrequency(
  samples: Float32Array,
  sampleRate: number,
  candidates: readonly number[],
): number {
  let best = candidates[0]!;
  let bestPower = -1;
  for (const f of candidates) {
    const p = goertzelPower(samples, sampleRate, f);
    if (p > bestPower) {
      bestPower = p;
      best = f;
    }
  }
  return best;
}
