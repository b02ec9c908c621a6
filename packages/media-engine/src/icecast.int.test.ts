import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '@grimnir/contracts';
import { createEngineClient, type EngineClient } from '@grimnir/engine-client';
import { startEngine, waitFor, type EngineProcess } from '@grimnir/test-kit/engine-process.js';
import {
  decodeBytesToMono,
  decodeToMono,
  makeTempDir,
  makeTone,
} from '@grimnir/test-kit/fixtures.js';
import {
  icecastStatus,
  listen,
  startIcecast,
  startIcecastAt,
  type Icecast,
} from '@grimnir/test-kit/icecast.js';
import { makeItem, stationConfig } from '@grimnir/test-kit/station-fixture.js';
import { toneSequence } from '@grimnir/test-kit/tone-detect.js';

let engine: EngineProcess;
let client: EngineClient;
let icecast: Icecast;
let tmp: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  tmp = await makeTempDir();
  icecast = await startIcecast(tmp.dir);
  engine = await startEngine();
  client = createEngineClient({ address: engine.address });
});

afterAll(async () => {
  client?.close();
  await engine?.stop();
  await icecast?.stop();
  await tmp?.cleanup();
});

describe('icecast output', () => {
  it('a listener of a real icecast2 hears the queued tones in order', async () => {
    const tones = [440, 660, 880];
    const files = await Promise.all(
      tones.map((f) =>
        makeTone(path.join(tmp.dir, `ice${f}.mp3`), { freq: f, seconds: 4, volume: 0.3 }),
      ),
    );
    const events: EngineEvent[] = [];
    const config = stationConfig('ice', { crossfade_ms: 500, crossfade_curve: 'EQUAL_POWER' });
    config.outputs = [
      {
        mount: 'ice.mp3',
        format: 'MP3',
        bitrate_kbps: 128,
        sample_rate: 44100,
        channels: 2,
        record_path: path.join(tmp.dir, 'ice-recording.mp3'),
        icecast: {
          host: '127.0.0.1',
          port: icecast.port,
          mount: '/ice.mp3',
          user: 'source',
          password: icecast.password,
          name: 'Grimnir test',
        },
      },
    ];
    await client.configureStation(config);
    const sub = client.subscribeEvents('ice', (e) => events.push(e));
    await waitFor(
      async () =>
        (await client.status('ice')).outputs[0]?.state === 'connected' ? true : undefined,
      15_000,
      'icecast source connected',
    );
    for (const [i, f] of files.entries())
      await client.load('ice', makeItem(`t${tones[i]}`, f, { gain_db: 0 }));
    const listening = listen(icecast.port, '/ice.mp3', 14_000);
    await new Promise((r) => setTimeout(r, 300));
    await client.play('ice');
    await waitFor(
      async () => {
        const st = (await icecastStatus(icecast.port)) as {
          icestats?: { source?: { title?: string } };
        };
        return st.icestats?.source?.title?.startsWith('t') ? true : undefined;
      },
      10_000,
      'title update on icecast',
    );
    const bytes = await listening;
    sub.close();
    // The control plane names a live show on the Icecast mount too.
    await client.setTitle('ice', 'Night Shift (live)');
    await waitFor(
      async () => {
        const st = (await icecastStatus(icecast.port)) as {
          icestats?: { source?: { title?: string } };
        };
        return st.icestats?.source?.title === 'Night Shift (live)' ? true : undefined;
      },
      10_000,
      'title set by the control plane',
    );
    expect(bytes.length).toBeGreaterThan(100_000);
    const pcm = await decodeBytesToMono(bytes, tmp.dir, 'mp3');
    expect(toneSequence(pcm, tones)).toEqual(tones);
    const status = await client.status('ice');
    await client.removeStation('ice');
    // The recorder wrote the same programme to disk.
    const recorded = await decodeToMono(path.join(tmp.dir, 'ice-recording.mp3'));
    expect(toneSequence(recorded, tones)).toEqual(tones);
    expect(status.outputs[0]?.state).toBe('connected');
    expect(status.outputs[0]?.bytes_sent).toBeGreaterThan(100_000);
  });

  it('reconnects after icecast restarts', async () => {
    const file = await makeTone(path.join(tmp.dir, 'loop.mp3'), {
      freq: 550,
      seconds: 30,
      volume: 0.3,
    });
    const config = stationConfig('ice2', { fallback: [makeItem('loop', file, { gain_db: 0 })] });
    config.outputs = [
      {
        mount: 'b.ogg',
        format: 'VORBIS',
        bitrate_kbps: 96,
        sample_rate: 44100,
        channels: 2,
        record_path: '',
        icecast: {
          host: '127.0.0.1',
          port: icecast.port,
          mount: '/b.ogg',
          user: 'source',
          password: icecast.password,
          name: '',
        },
      },
    ];
    const events: EngineEvent[] = [];
    await client.configureStation(config);
    const sub = client.subscribeEvents('ice2', (e) => events.push(e));
    await client.play('ice2');
    await waitFor(
      async () =>
        (await client.status('ice2')).outputs[0]?.state === 'connected' ? true : undefined,
      15_000,
      'connected',
    );
    const first = await listen(icecast.port, '/b.ogg', 3000);
    const firstPcm = await decodeBytesToMono(first, tmp.dir, 'ogg');
    expect(toneSequence(firstPcm, [550, 880])).toEqual([550]);
    await icecast.stop();
    icecast = await startIcecastOnSamePort(icecast.port);
    await waitFor(
      async () =>
        (await client.status('ice2')).outputs[0]?.state === 'connected' ? true : undefined,
      20_000,
      'reconnected',
    );
    // A listener joining after the reconnect gets the Ogg headers again and decodes.
    const second = await listen(icecast.port, '/b.ogg', 3000);
    sub.close();
    expect(toneSequence(await decodeBytesToMono(second, tmp.dir, 'ogg'), [550, 880])).toEqual([
      550,
    ]);
    expect(
      events.some((e) => e.event === 'output_state' && e.output_state.state === 'disconnected'),
    ).toBe(true);
    await client.removeStation('ice2');
  });
});

function startIcecastOnSamePort(port: number): Promise<Icecast> {
  return startIcecastAt(tmp.dir, port);
}
