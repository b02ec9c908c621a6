// Emergency switch latency at the engine output: a station plays a 440 Hz bed, an emergency
// item (a 2,650 Hz tone) is inserted over gRPC, and the station's MP3 output, received through
// StreamOutput as the control plane receives it, is decoded. The latency of one insert is the
// time from the call until the bytes that carry the tone's onset (-20 dB under its steady level,
// i.e. 10 % into the switch fade) had arrived: a decoded sample needs the MP3 frames up to its
// own, so the arrival of that frame's last byte is when the output first carried it.
import path from 'node:path';
import { FrameScanner, formatFor } from '@grimnir/codec';
import type { EngineEvent } from '@grimnir/contracts';
import { createEngineClient } from '@grimnir/engine-client';
import { startEngine } from '@grimnir/test-kit/engine-process.js';
import { decodeBytesToMono, makeTone } from '@grimnir/test-kit/fixtures.js';
import { timedRecorder } from '@grimnir/test-kit/heard-timing.js';
import { makeItem, sleep, stationConfig } from '@grimnir/test-kit/station-fixture.js';
import { goertzelAmplitude } from '@grimnir/test-kit/tone-detect.js';

const RATE = 44_100;
const ALERT = 2_650;
const SAMPLES_PER_FRAME = 1_152;

interface EmergencyResult {
  /** Call → first output bytes carrying the emergency audio, ms, per insert. */
  output: number[];
  /** Call → the instant the engine says the emergency is heard (on_air_ms), ms. */
  onAir: number[];
}

const wallNow = (): number => performance.timeOrigin + performance.now();

export async function runEmergencyBench(
  engineArgs: string[],
  dir: string,
  inserts: number,
  engineEnv: Record<string, string> = {},
): Promise<EmergencyResult> {
  const bed = await makeTone(path.join(dir, 'em-bed.mp3'), { freq: 440, seconds: 120 });
  const alert = await makeTone(path.join(dir, 'em-alert.mp3'), { freq: ALERT, seconds: 4 });
  const engine = await startEngine({ GRIMNIR_LOG_LEVEL: 'info', ...engineEnv }, engineArgs);
  const client = createEngineClient({ address: engine.address, deadlineMs: 10_000 });
  const id = 'em';
  const calls: number[] = [];
  const onAir: number[] = [];
  const rec = timedRecorder(wallNow);
  try {
    await client.configureStation(
      stationConfig(id, { fallback: [makeItem('bed', bed, { gain_db: 0 })] }),
    );
    const events = client.subscribeEvents(id, (e: EngineEvent) => {
      if (e.event === 'track_started' && e.track_started.source === 'emergency')
        onAir.push(e.track_started.on_air_ms);
    });
    await client.play(id);
    await sleep(2_000);
    const sub = client.subscribeOutput(id, 'main.mp3', rec.onData);
    for (let i = 0; i < inserts; i++) {
      // Inserts fall at every phase of the engine's tick.
      await sleep(2_000 + ((i * 37) % 100));
      calls.push(wallNow());
      await client.insertEmergency({
        station_id: id,
        item: makeItem(`alert-${i}`, alert, { gain_db: 0 }),
        loop: false,
      });
      await sleep(1_500);
      await client.releaseEmergency(id);
    }
    await sleep(2_000);
    sub.close();
    events.close();
  } finally {
    client.close();
    await engine.stop();
  }
  const bytes = rec.bytes();
  const frameEnds: number[] = [];
  new FrameScanner(formatFor('MP3')).push(bytes, (offset, h) => frameEnds.push(offset + h.length));
  const pcm = await decodeBytesToMono(bytes, dir, 'mp3');
  const arrival = (byte: number): number =>
    rec.chunks.find((c) => c.endByte >= byte)?.atMs ?? Number.NaN;
  const output = calls.map((t) => {
    // Nothing received before the call can carry the alert: start at the first frame completed
    // by bytes that arrived after it.
    const firstByte = rec.chunks.filter((c) => c.atMs < t).at(-1)?.endByte ?? 0;
    const firstFrame = Math.max(
      0,
      frameEnds.findIndex((e) => e > firstByte),
    );
    const from = firstFrame * SAMPLES_PER_FRAME;
    const steady = goertzelAmplitude(pcm.subarray(from + RATE, from + RATE + 4_410), ALERT);
    const win = 441;
    for (let s = from; s + win < from + 2 * RATE; s += 44) {
      if (goertzelAmplitude(pcm.subarray(s, s + win), ALERT) >= steady / 10) {
        const frame = Math.floor((s + win) / SAMPLES_PER_FRAME);
        return arrival(frameEnds[frame] ?? Number.NaN) - t;
      }
    }
    return Number.NaN;
  });
  return { output, onAir: onAir.map((ms, i) => ms - (calls[i] ?? Number.NaN)) };
}

export function summarize(values: number[]): string {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return 'no measurement';
  const q = (p: number): string =>
    (v[Math.min(v.length - 1, Math.floor(p * v.length))] ?? 0).toFixed(0);
  return `min ${v[0]?.toFixed(0)} median ${q(0.5)} max ${v.at(-1)?.toFixed(0)} ms (${v.length} inserts)`;
}
