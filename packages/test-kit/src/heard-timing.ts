import { spawn } from 'node:child_process';
import { encodeCommand } from '@grimnir/media-engine/gstreamer/pipelines.js';
import { decodeBytesToMono } from './fixtures.js';
import { goertzelAmplitude } from './tone-detect.js';

// Locating *when* something is heard in an engine's encoded output, from outside the engine.
//
// A station's clock starts when it is configured, and output sample `o` is heard at
// `clockStart + o / 44.1 ms` (the engine writes it up to its render-ahead earlier). A subscriber
// that has the stream from its first byte therefore knows when each decoded sample is heard,
// once the codec's own delay (encoder padding plus decoder delay) is taken off: measured here
// with the engine's very encoder pipeline, not assumed.

const RATE = 44_100;

export const samplesToMs = (samples: number): number => (samples * 1000) / RATE;

interface TimedChunk {
  // Arrival time (unix ms) and the stream byte offset at the end of the chunk.
  atMs: number;
  endByte: number;
}

interface TimedRecorder {
  onData: (chunk: Buffer) => void;
  chunks: TimedChunk[];
  received: () => number;
  bytes: () => Buffer;
}

export function timedRecorder(now: () => number = Date.now): TimedRecorder {
  const parts: Buffer[] = [];
  const chunks: TimedChunk[] = [];
  let total = 0;
  return {
    onData: (chunk) => {
      parts.push(Buffer.from(chunk));
      total += chunk.length;
      chunks.push({ atMs: now(), endByte: total });
    },
    chunks,
    received: () => total,
    bytes: () => Buffer.concat(parts),
  };
}

// The first sample at which `freq` plays at no less than half its steady amplitude, from
// `fromSample` on: 20 ms windows stepped by 1 ms, the onset being the middle of the first window
// that qualifies (for a cut, the window is then half old, half new).
export function toneOnsetSample(
  pcm: Float32Array,
  freq: number,
  steady: number,
  fromSample = 0,
): number | undefined {
  const win = Math.round(RATE * 0.02);
  const hop = Math.round(RATE * 0.001);
  for (let i = Math.max(0, Math.round(fromSample)); i + win <= pcm.length; i += hop) {
    if (goertzelAmplitude(pcm.subarray(i, i + win), freq) >= steady / 2) return i + win / 2;
  }
  return undefined;
}

// Samples by which a tone cut appears later in a decoded MP3 stream than in the PCM the encoder
// was given: one second of silence, then a tone, through the engine's encoder command and the
// tests' decoder.
export async function mp3DelaySamples(dir: string, bitrateKbps: number): Promise<number> {
  const spec = { format: 'MP3', bitrateKbps, sampleRate: RATE, channels: 2 } as const;
  const pcm = Buffer.alloc(2 * RATE * 4);
  for (let i = RATE; i < 2 * RATE; i++) {
    const v = Math.round(0.3 * 32767 * Math.sin((2 * Math.PI * 880 * i) / RATE));
    pcm.writeInt16LE(v, i * 4);
    pcm.writeInt16LE(v, i * 4 + 2);
  }
  const cmd = encodeCommand(spec);
  const encoded = await new Promise<Buffer>((resolve, reject) => {
    const child = spawn(cmd.command, cmd.args, { stdio: ['pipe', 'pipe', 'inherit'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`encoder exited ${code}`)),
    );
    child.stdin.end(pcm);
  });
  const decoded = await decodeBytesToMono(encoded, dir, 'mp3');
  const steady = goertzelAmplitude(decoded.subarray(RATE + 22_050, RATE + 44_100), 880);
  const onset = toneOnsetSample(decoded, 880, steady);
  if (onset === undefined) throw new Error('calibration tone not found');
  return onset - RATE;
}
