import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigureStationRequest, EngineEvent, EngineItem } from '@grimnir/contracts';
import { createEngineClient, type EngineClient } from '../../server/src/infra/engine-client.js';
import { startEngine, waitFor, type EngineProcess } from './test-support/engine-process.js';
import { decodeBytesToMono, makeTempDir, makeTone } from './test-support/fixtures.js';
import { toneSequence } from './test-support/tone-detect.js';

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

function item(id: string, file: string, over: Partial<EngineItem> = {}): EngineItem {
  return {
    id,
    path: file,
    title: id,
    cue_in_ms: 0,
    cue_out_ms: 0,
    fade_in_ms: 0,
    fade_out_ms: 0,
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

  it('rejects calls for unknown stations', async () => {
    await expect(client.play('nope')).rejects.toThrow(/unknown station/);
  });
});
