import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '@grimnir/contracts';
import { startEngine, waitFor, type EngineProcess } from '@grimnir/test-kit/engine-process.js';
import { makeTempDir, makeTone } from '@grimnir/test-kit/fixtures.js';
import { makeItem, stationConfig } from '@grimnir/test-kit/station-fixture.js';
import { createEngineClient, type EngineClient } from './engine-client.js';

let engine: EngineProcess;
let client: EngineClient;
let tmp: { dir: string; cleanup: () => Promise<void> };
let tone: string;

beforeAll(async () => {
  tmp = await makeTempDir();
  tone = await makeTone(path.join(tmp.dir, 'tone.mp3'), {
    freq: 440,
    seconds: 20,
    volume: 0.3,
    leadingSilenceSeconds: 1,
  });
  engine = await startEngine();
  client = createEngineClient({ address: engine.address, deadlineMs: 10_000 });
});

afterAll(async () => {
  client?.close();
  await engine?.stop();
  await tmp?.cleanup();
});

describe('engine client against a real mediaengine', () => {
  it('configures, loads, plays and reads status and events', async () => {
    await client.waitForReady(5000);
    const events: EngineEvent[] = [];
    await client.configureStation(stationConfig('c1', { crossfade_ms: 2000 }));
    const sub = client.subscribeEvents('c1', (e) => events.push(e));
    await client.load('c1', makeItem('one', tone, { cue_in_ms: 1000 }));
    await client.play('c1');
    const started = await waitFor(
      () => events.find((e) => e.event === 'track_started'),
      10_000,
      'track_started',
    );
    expect(started.event === 'track_started' && started.track_started.item_id).toBe('one');
    const status = await client.status('c1');
    expect(status).toMatchObject({ station_id: 'c1', state: 'playing' });
    expect(status.current?.item_id).toBe('one');
    expect(status.current?.decoder_pid).toBeGreaterThan(0);
    sub.close();
  });

  it('a subscriber that comes before its station gets its events once it exists', async () => {
    const events: EngineEvent[] = [];
    const sub = client.subscribeEvents('early', (e) => events.push(e));
    await new Promise((r) => setTimeout(r, 300));
    await client.configureStation(stationConfig('early'));
    await client.load('early', makeItem('first', tone));
    await client.play('early');
    // Levels flow continuously; the start itself may precede the resubscription.
    await waitFor(
      () => events.find((e) => e.event === 'levels'),
      15_000,
      'events after the station appeared',
    );
    sub.close();
    await client.removeStation('early');
  });

  it('analyzes a file and returns waveform peaks', async () => {
    const a = await client.analyze(tone);
    expect(a.duration_ms).toBeGreaterThan(20_500);
    expect(Math.abs(a.cue_in_ms - 1000)).toBeLessThan(150);
    expect(a.integrated_lufs).toBeLessThan(-5);
    expect(a.replaygain_track_gain_db).toBeCloseTo(-18 - a.integrated_lufs, 1);
    const w = await client.waveform(tone, 50);
    expect(w.peaks).toHaveLength(100);
    // The first point is the leading silence, the middle is the 0.3 sine.
    expect(w.peaks[1]).toBeLessThan(0.01);
    expect(w.peaks[51]).toBeGreaterThan(0.25);
  });

  it('maps engine errors to rejected promises', async () => {
    await expect(client.status('missing')).rejects.toMatchObject({ code: 5 });
    await expect(client.analyze(path.join(tmp.dir, 'nope.mp3'))).rejects.toThrow(/analysis failed/);
  });

  it('waits for a restarted engine and resubscribes its streams', async () => {
    const events: EngineEvent[] = [];
    const sub = client.subscribeEvents('c2', (e) => events.push(e));
    const port = engine.grpcPort;
    await engine.kill9();
    engine = await startEngine({ GRIMNIR_MEDIA_ENGINE_GRPC_ADDR: `127.0.0.1:${port}` });
    // The unary call waits for the channel to come back instead of failing at once.
    await client.configureStation(stationConfig('c2'));
    await client.load('c2', makeItem('two', tone));
    await client.play('c2');
    await waitFor(() => events.find((e) => e.event === 'levels'), 20_000, 'events after restart');
    sub.close();
  });
});
