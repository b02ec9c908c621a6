// Goertzel power of one frequency over a block of mono samples, normalised to amplitude.
export function goertzelAmplitude(samples: Float32Array, freq: number, rate = 44_100): number {
  const n = samples.length;
  if (n === 0) return 0;
  const k = (2 * Math.PI * freq) / rate;
  const coeff = 2 * Math.cos(k);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const s = (samples[i] ?? 0) + coeff * s1 - s2;
    s2 = s1;
    s1 = s;
  }
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return (2 * Math.sqrt(Math.max(0, power))) / n;
}

// Which of the candidate frequencies dominates the block, or undefined when all are weak.
export function dominantTone(
  samples: Float32Array,
  candidates: number[],
  minAmplitude = 0.01,
): number | undefined {
  let best: number | undefined;
  let bestAmp = minAmplitude;
  for (const f of candidates) {
    const a = goertzelAmplitude(samples, f);
    if (a > bestAmp) {
      bestAmp = a;
      best = f;
    }
  }
  return best;
}

// Dominant tone per window, collapsed into the ordered list of distinct tones heard.
export function toneSequence(
  samples: Float32Array,
  candidates: number[],
  windowSamples = 4410,
): number[] {
  const seq: number[] = [];
  for (let i = 0; i + windowSamples <= samples.length; i += windowSamples) {
    const t = dominantTone(samples.subarray(i, i + windowSamples), candidates);
    if (t !== undefined && seq[seq.length - 1] !== t) seq.push(t);
  }
  return seq;
}

// Longest run of near-silent samples (|x| < threshold) between `from` and `to`, in samples.
export function longestSilentRun(
  samples: Float32Array,
  threshold: number,
  from = 0,
  to = samples.length,
): number {
  let best = 0;
  let run = 0;
  for (let i = from; i < to; i++) {
    if (Math.abs(samples[i] ?? 0) < threshold) {
      run += 1;
      if (run > best) best = run;
    } else run = 0;
  }
  return best;
}
