import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '@grimnir/contracts';
import { createEngineClient, type EngineClient } from '@grimnir/engine-client';
import { startEngine, type EngineProcess } from '@grimnir/test-kit/engine-process.js';
import { decodeBytesToMono, makeTempDir, makeTone } from '@grimnir/test-kit/fixtures.js';
import { makeItem, recordWhile, sleep, stationConfig } from '@grimnir/test-kit/station-fixture.js';
import { toneSequence } from '@grimnir/test-kit/tone-detect.js';

let engine: EngineProcess;
let client: EngineClient;
let tmp: { dir: string; cleanup: () => Promise<void> };
let bed: string;

beforeAll(async () => {
  tmp = await makeTempDir();
  bed = await makeTone(path.join(tmp.dir, 'bed.mp3'), { freq: 440, seconds: 60, volume: 0.3 });
  engine = await startEngine();
  client = createEngineClient({ address: engine.address });
});

afterAll(async () => {
  client?.close();
  await engine?.stop();
  await tmp?.cleanup();
});

// Sends a file's bytes at roughly real time (192 kbit/s MP3 = 24 KB/s), like a DJ encoder.
async function* paced(bytes: Buffer, bytesPerSecond: number): AsyncGenerator<Uint8Array> {
  const step = Math.round(bytesPerSecond / 10);
  for (let off = 0; off < bytes.length; off += step) {
    yield bytes.subarray(off, off + step);
    await sleep(100);
  }
}

describe('priority sources', () => {
  it('a live input takes the air and automation resumes when it ends', async () => {
    const live = await makeTone(path.join(tmp.dir, 'live.mp3'), {
      freq: 660,
      seconds: 4,
      volume: 0.3,
    });
    await client.configureStation(stationConfig('live'));
    await client.load('live', makeItem('bed', bed, { gain_db: 0 }));
    const states: string[] = [];
    const bytes = await recordWhile(client, 'live', 'main.mp3', async () => {
      await client.play('live');
      await sleep(2000);
      const sending = client.attachLive('live', 'audio/mpeg', paced(await readFile(live), 24_000));
      await sleep(2500);
      states.push((await client.status('live')).state);
      await sending;
      await sleep(3000);
      states.push((await client.status('live')).state);
    });
    await client.removeStation('live');
    expect(states).toEqual(['live', 'playing']);
    const pcm = await decodeBytesToMono(bytes, tmp.dir, 'mp3');
    expect(toneSequence(pcm, [440, 660])).toEqual([440, 660, 440]);
  });

  it('an emergency item interrupts automation and releases back to it', async () => {
    const alert = await makeTone(path.join(tmp.dir, 'alert.mp3'), {
      freq: 1000,
      seconds: 2,
      volume: 0.3,
    });
    await client.configureStation(stationConfig('emg'));
    const events: EngineEvent[] = [];
    const sub = client.subscribeEvents('emg', (e) => events.push(e));
    await client.load('emg', makeItem('bed', bed, { gain_db: 0 }));
    const bytes = await recordWhile(client, 'emg', 'main.mp3', async () => {
      await client.play('emg');
      await sleep(2000);
      await client.insertEmergency({
        station_id: 'emg',
        item: makeItem('alert', alert, { gain_db: 0 }),
        loop: false,
      });
      await sleep(4500);
    });
    sub.close();
    const status = await client.status('emg');
    await client.removeStation('emg');
    expect(status.state).toBe('playing');
    // The bed resumed where it was paused, not from the start and not skipped ahead.
    expect(status.current?.position_ms).toBeLessThan(6000);
    const pcm = await decodeBytesToMono(bytes, tmp.dir, 'mp3');
    expect(toneSequence(pcm, [440, 1000])).toEqual([440, 1000, 440]);
    const emergency = events.filter(
      (e) =>
        (e.event === 'track_started' && e.track_started.source === 'emergency') ||
        (e.event === 'track_ended' && e.track_ended.source === 'emergency'),
    );
    expect(emergency.map((e) => e.event)).toEqual(['track_started', 'track_ended']);
  });
});
