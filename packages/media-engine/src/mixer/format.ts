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
