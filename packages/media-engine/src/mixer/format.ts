// The mixer's one internal format: interleaved Float32 stereo at 44.1 kHz in 20 ms frames.
// Decoders are asked for exactly this, encoders convert from it.
export const SAMPLE_RATE = 44_100;
export const CHANNELS = 2;
export const FRAME_MS = 20;
export const FRAME_SAMPLES = (SAMPLE_RATE * FRAME_MS) / 1000;
export const FRAME_FLOATS = FRAME_SAMPLES * CHANNELS;
export const FRAME_BYTES = FRAME_FLOATS * 4;

export function msToSamples(ms: number): number {
  return Math.round((ms * SAMPLE_RATE) / 1000);
}

export function samplesToMs(samples: number): number {
  return (samples * 1000) / SAMPLE_RATE;
}

export function dbToLinear(db: number): number {
  return Math.pow(10, db / 20);
}

export function linearToDb(value: number): number {
  return value > 0 ? 20 * Math.log10(value) : -Infinity;
}

// Encoders take 16-bit PCM: half the pipe traffic of Float32 and no conversion inside
// GStreamer (lamemp3enc only accepts S16). Input to a lossy codec needs no dither. Converts
// `src` into `out` from sample index `at` (a frame's place in a tick's batch).
export function writeS16(src: Float32Array, out: Int16Array, at: number): void {
  for (let i = 0; i < src.length; i++) {
    const v = src[i] ?? 0;
    out[at + i] = v >= 1 ? 32767 : v <= -1 ? -32768 : Math.round(v * 32767);
  }
}
