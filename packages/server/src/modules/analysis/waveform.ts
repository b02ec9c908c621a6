/**
 * The engine returns one absolute peak per point; the dashboard draws [min, max] pairs. Audio
 * peaks are symmetric enough at this resolution that mirroring is what every peak viewer does.
 */
export function toWaveform(
  mediaId: string,
  peaks: readonly number[],
  durationMs: number,
): {
  media_id: string;
  duration_ms: number;
  buckets_per_second: number;
  peaks: [number, number][];
} {
  const bucketsPerSecond = durationMs > 0 ? (peaks.length * 1000) / durationMs : 1;
  return {
    media_id: mediaId,
    duration_ms: Math.round(durationMs),
    buckets_per_second: bucketsPerSecond > 0 ? bucketsPerSecond : 1,
    peaks: peaks.map((p) => {
      const v = Math.min(1, Math.max(0, Math.abs(p)));
      return [-v, v];
    }),
  };
}

/** ~10 points per second, bounded so a three-hour show does not produce a megabyte of JSON. */
export function waveformPoints(durationMs: number): number {
  return Math.min(4000, Math.max(100, Math.round(durationMs / 100)));
}
