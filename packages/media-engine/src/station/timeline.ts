import { FRAME_SAMPLES, SAMPLE_RATE } from '../mixer/format.js';
import type { StationClock } from '../clock.js';

// Where a rendered sample is heard. The clock renders output frame `o` so that it plays at
// `clock.startMs + o × 20 ms` (the preroll is how far ahead of that it is written), and the
// limiter holds each rendered frame back by one frame for its look-ahead: rendered sample `r`
// is output sample `r + OUTPUT_HOLD_SAMPLES`. Times here are on the monotonic clock.
export const OUTPUT_HOLD_SAMPLES = FRAME_SAMPLES;

// The rendered sample heard at monotonic `ms` (rounded to the nearest sample).
export function sampleAtMs(clockStartMs: number, ms: number): number {
  return Math.round(((ms - clockStartMs) * SAMPLE_RATE) / 1000) - OUTPUT_HOLD_SAMPLES;
}

// The monotonic time rendered sample `sample` is heard.
export function msOfSample(clockStartMs: number, sample: number): number {
  return clockStartMs + ((sample + OUTPUT_HOLD_SAMPLES) * 1000) / SAMPLE_RATE;
}

// Where inside the frame starting at `frameStart` (absolute rendered sample) sample `at` lies:
// undefined while it is in a later frame; 0 when it is at or before this frame's start (a time
// already past starts at once).
export function offsetInFrame(at: number, frameStart: number): number | undefined {
  if (at >= frameStart + FRAME_SAMPLES) return undefined;
  return Math.max(0, at - frameStart);
}

// Converts between unix time (the control plane's) and the station's rendered samples. The
// conversion to the monotonic clock is done at each call, so a wall-clock step between the
// request and the frame does not move the sample.
export interface Timeline {
  // Monotonic ms for unix ms `unixMs`.
  monoOfUnix(unixMs: number): number;
  sampleAtMono(monoMs: number): number;
  // Unix ms at which rendered sample `sample` is heard.
  unixOfSample(sample: number): number;
}

export function stationTimeline(
  clock: StationClock,
  now: () => number,
  wallNow: () => number,
): Timeline {
  return {
    monoOfUnix: (unixMs) => unixMs - wallNow() + now(),
    sampleAtMono: (monoMs) => sampleAtMs(clock.startMs, monoMs),
    unixOfSample: (sample) => msOfSample(clock.startMs, sample) - now() + wallNow(),
  };
}
