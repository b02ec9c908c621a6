import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigureStationRequest, EngineEvent } from '@grimnir/contracts';
import { createEngineClient, type EngineClient } from '@grimnir/engine-client';
import { startEngine, waitFor, type EngineProcess } from '@grimnir/test-kit/engine-process.js';
import { decodeBytesToMono, makeTempDir, makeTone } from '@grimnir/test-kit/fixtures.js';
import {
  mp3DelaySamples,
  samplesToMs,
  timedRecorder,
  toneOnsetSample,
} from '@grimnir/test-kit/heard-timing.js';
import { makeItem as item } from '@grimnir/test-kit/station-fixture.js';
import { goertzelAmplitude, toneSequence } from '@grimnir/test-kit/tone-detect.js';

let engine: EngineProcess;
let client: EngineClient;
let tmp: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  tmp = await makeTempDir();
  engine = await startEngine();
  client = createEngineClient({ address: engine.address });
});

afterAll(async () => {
  client?.close();
  await engine?.stop();
  await tmp?.cleanup();
});

function station(id: string, over: Partial<ConfigureStationRequest> = {}): ConfigureStationRequest {
  return {
    station_id: id,
    outputs: [
      {
        mount: 'main.mp3',
        format: 'MP3',
        bitrate_kbps: 128,
        sample_rate: 44100,
        channels: 2,
        icecast: null,
        record_path: '',
      },
    ],
    loudness_target_lufs: -16,
    crossfade_ms: 1000,
    crossfade_curve: 'EQUAL_POWER',
    fallback: [],
    silence_threshold_db: -50,
    silence_duration_ms: 1000,
    near_end_ms: 2000,
    ...over,
  };
}

async function record(stationId: string, seconds: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sub = client.subscribeOutput(stationId, 'main.mp3', (c) => chunks.push(Buffer.from(c)));
  await new Promise((r) => setTimeout(r, seconds * 1000));
  sub.close();
  return Buffer.concat(chunks);
}

describe('playback to the bytes stream', () => {
  it('plays queued items in order with crossfades, then fallback, with events', async () => {
    const files = await Promise.all(
      [440, 660, 880, 1320].map((f) =>
        makeTone(path.join(tmp.dir, `t${f}.mp3`), { freq: f, seconds: 3 }),
      ),
    );
    const events: EngineEvent[] = [];
    await client.configureStation(station('s1', { fallback: [item('fb', files[3] as string)] }));
    const sub = client.subscribeEvents('s1', (e) => events.push(e));
    for (const [i, f] of files.slice(0, 3).entries()) await client.load('s1', item(`i${i}`, f));
    const recording = record('s1', 11);
    await client.play('s1');
    const bytes = await recording;
    sub.close();
    const pcm = await decodeBytesToMono(bytes, tmp.dir, 'mp3');
    expect(toneSequence(pcm, [440, 660, 880, 1320]).slice(0, 4)).toEqual([440, 660, 880, 1320]);
    const started = events
      .filter((e) => e.event === 'track_started')
      .map((e) => (e.event === 'track_started' ? e.track_started.item_id : ''));
    expect(started.slice(0, 4)).toEqual(['i0', 'i1', 'i2', 'fb']);
    expect(events.some((e) => e.event === 'track_near_end')).toBe(true);
    expect(events.some((e) => e.event === 'levels')).toBe(true);
    const status = await client.status('s1');
    expect(status.state).toBe('playing');
    expect(status.underruns).toBe(0);
    expect(status.current?.item_id).toBe('fb');
  });

  it('reports silence on the output within 2 s', async () => {
    const file = await makeTone(path.join(tmp.dir, 'gap.mp3'), {
      freq: 440,
      seconds: 2,
      trailingSilenceSeconds: 6,
    });
    await client.configureStation(station('s2', { crossfade_ms: 0 }));
    const events: EngineEvent[] = [];
    const sub = client.subscribeEvents('s2', (e) => events.push(e));
    await client.load('s2', item('a', file));
    await client.play('s2');
    const silence = await waitFor(
      () => events.find((e) => e.event === 'silence_detected'),
      15_000,
      'silence_detected',
    );
    sub.close();
    const start = events.find((e) => e.event === 'track_started');
    expect(start).toBeDefined();
    // Silence begins 2 s into the item; allow the engine's preroll on top of the 2 s budget.
    const afterSilenceStart = silence.at_ms - ((start?.at_ms ?? 0) + 2000);
    expect(afterSilenceStart).toBeLessThan(2000 + 500);
    expect(afterSilenceStart).toBeGreaterThan(0);
  });

  it('starts a timed transition on the sample heard at the requested time, and says so', async () => {
    // WAV: an MP3 file decodes with encoder priming before its first tone sample.
    const [fa, fb, fc] = await Promise.all(
      [440, 880, 660].map((f) =>
        makeTone(path.join(tmp.dir, `timed${f}.wav`), { freq: f, seconds: 8, format: 'wav' }),
      ),
    );
    const codecDelay = await mp3DelaySamples(tmp.dir, 128);
    const rec = timedRecorder();
    const sentAt = Date.now();
    await client.configureStation(station('s3', { crossfade_ms: 0 }));
    const ackedAt = Date.now();
    const sub = client.subscribeOutput('s3', 'main.mp3', rec.onData);
    const events: EngineEvent[] = [];
    const evSub = client.subscribeEvents('s3', (e) => events.push(e));
    const startedOf = (id: string) =>
      events.find((e) => e.event === 'track_started' && e.track_started.item_id === id);
    // Held on an idle, playing station: not started by the station's own flow, unlike a.
    await client.play('s3');
    await client.load('s3', item('b', fb as string), true, true);
    await client.load('s3', item('a', fa as string));
    await waitFor(() => startedOf('a'), 5_000, 'a started');
    await new Promise((r) => setTimeout(r, 500));
    expect(startedOf('b')).toBeUndefined();
    // Not on a 20 ms frame boundary of anything: the frame is split at the sample.
    const at = Date.now() + 1_234;
    await client.transition('s3', 0, 'LINEAR', at);
    // b is held for its time: a queue replace and a skip meanwhile play c, not b.
    await client.load('s3', item('c', fc as string), true);
    await client.skip('s3');
    await waitFor(() => startedOf('c'), 5_000, 'c started by the skip');
    const b = await waitFor(() => startedOf('b'), 5_000, 'b started');
    expect(b.event === 'track_started' && b.track_started.on_air_ms - at).toBeOneOf([-1, 0, 1]);
    // Emitted ahead of being heard (the render-ahead), not when the RPC arrived.
    expect(b.at_ms).toBeLessThan(at);
    await waitFor(
      async () =>
        (await client.status('s3')).outputs[0]?.bytes_sent === rec.received() ? true : undefined,
      5_000,
      'output complete from its first byte',
    );
    await new Promise((r) => setTimeout(r, at + 1_000 - Date.now()));
    sub.close();

    // A time already past starts at once: with the next frame rendered.
    await client.load('s3', item('a2', fa as string), true);
    const asked = Date.now();
    await client.transition('s3', 0, 'LINEAR', asked - 10_000);
    const a2 = await waitFor(() => startedOf('a2'), 5_000, 'a2 started');
    const a2OnAir = a2.event === 'track_started' ? a2.track_started.on_air_ms : 0;
    expect(a2OnAir).toBeGreaterThanOrEqual(asked);
    expect(a2OnAir).toBeLessThan(asked + 1_000);
    evSub.close();

    // What the stream carries: b's tone begins at `at` on the station clock, which started
    // inside the ConfigureStation call (between send and ack).
    const pcm = await decodeBytesToMono(rec.bytes(), tmp.dir, 'mp3');
    const steady = goertzelAmplitude(pcm.subarray(pcm.length - 22_050), 880);
    expect(steady).toBeGreaterThan(0.05);
    const onset = toneOnsetSample(pcm, 880, steady) ?? 0;
    const afterClock = samplesToMs(onset - codecDelay);
    expect(sentAt + afterClock - at).toBeLessThanOrEqual(5);
    expect(ackedAt + afterClock - at).toBeGreaterThanOrEqual(-5);
    // Nothing of c was left after the cut: 880 alone from 5 ms after it.
    const after = Math.round(onset + 0.005 * 44_100);
    expect(goertzelAmplitude(pcm.subarray(after, after + 4_410), 660)).toBeLessThan(0.01);
    await client.removeStation('s3');
  });

  it('rejects calls for unknown stations', async () => {
    await expect(client.play('nope')).rejects.toThrow(/unknown station/);
  });
});
