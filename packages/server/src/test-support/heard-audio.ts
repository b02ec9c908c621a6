import { get, type ClientRequest } from 'node:http';
import { goertzelAmplitude } from '@grimnir/test-kit/tone-detect.js';

/**
 * What a listener heard, with the wall-clock time each byte arrived: on a constant-bitrate
 * stream that maps any decoded sample back to the moment it reached the listener, so the tests
 * can compare "heard at" with API calls and now-playing timestamps.
 */
interface Heard {
  bytes: Buffer;
  /** Arrival time (epoch ms) and cumulative byte count at the end of each chunk. */
  chunks: { atMs: number; end: number }[];
}

export function timedListener(url: string): { stop: () => Heard; status: Promise<number> } {
  const parts: Buffer[] = [];
  const chunks: Heard['chunks'] = [];
  let total = 0;
  let req: ClientRequest | undefined;
  const status = new Promise<number>((resolve, reject) => {
    req = get(url, (res) => {
      resolve(res.statusCode ?? 0);
      res.on('data', (c: Buffer) => {
        parts.push(c);
        total += c.length;
        chunks.push({ atMs: Date.now(), end: total });
      });
    });
    req.on('error', reject);
  });
  return {
    status,
    stop: () => {
      req?.destroy();
      return { bytes: Buffer.concat(parts), chunks };
    },
  };
}

/** When the listener received the audio at `second` of the decoded stream (CBR bytes/s). */
export function arrivalOf(heard: Heard, bytesPerSecond: number, second: number): number {
  const offset = second * bytesPerSecond;
  const hit = heard.chunks.find((c) => c.end >= offset) ?? heard.chunks.at(-1);
  return hit?.atMs ?? Number.NaN;
}

/** The longest stretch without a byte between `fromMs` and `toMs` (epoch ms). */
export function longestArrivalGap(
  heard: Heard,
  fromMs: number,
  toMs: number,
): { fromMs: number; toMs: number } {
  let prev = fromMs;
  let worst = { fromMs, toMs: fromMs };
  for (const c of heard.chunks) {
    if (c.atMs < fromMs) continue;
    if (c.atMs > toMs) break;
    if (c.atMs - prev > worst.toMs - worst.fromMs) worst = { fromMs: prev, toMs: c.atMs };
    prev = c.atMs;
  }
  return toMs - prev > worst.toMs - worst.fromMs ? { fromMs: prev, toMs } : worst;
}

/** Amplitude of each frequency per block of `blockSamples`. */
export function toneEnvelope(
  pcm: Float32Array,
  freqs: readonly number[],
  blockSamples: number,
): Map<number, number[]> {
  const env = new Map<number, number[]>(freqs.map((f) => [f, []]));
  for (let i = 0; i + blockSamples <= pcm.length; i += blockSamples) {
    const block = pcm.subarray(i, i + blockSamples);
    for (const f of freqs) env.get(f)!.push(goertzelAmplitude(block, f));
  }
  return env;
}

/** First block at or after `from` where the envelope reaches `threshold`, or -1. */
export function firstBlockAbove(env: readonly number[], from: number, threshold: number): number {
  for (let i = Math.max(0, from); i < env.length; i++) if ((env[i] ?? 0) >= threshold) return i;
  return -1;
}
