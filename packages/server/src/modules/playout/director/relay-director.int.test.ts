import { createReadStream } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, waitFor, type EngineProcess } from '@grimnir/test-kit/engine-process.js';
import { decodeBytesToMono, makeTempDir, makeTone } from '@grimnir/test-kit/fixtures.js';
import { freePort } from '@grimnir/test-kit/icecast.js';
import { toneSequence } from '@grimnir/test-kit/tone-detect.js';
import { systemClock } from '../../../infra/clock.js';
import { createEngineClient, type EngineClient } from '@grimnir/engine-client';
import { singleInstanceLeadership } from '../../../infra/leadership.js';
import { memoryPlayoutStore, testMedia } from '../../../test-support/memory-playout-store.js';
import { createDirector, type Director } from './director.js';
import { engineControlFromClient } from '../engine/engine-adapter.js';
import { createPlayoutMetrics } from './playout.metrics.js';
import { inMemoryUpcomingItems, type PlayoutEvent, type UpcomingItem } from '../ports.js';
import { StationDirector } from './station-director.js';

// A scheduled webstream slot through the director into a real media engine: the relay's first
// URL is dead, the second (a local HTTP server) is heard for the slot's length, now-playing
// shows the webstream's name, and the station fallback follows.

const S = 'station-relay';
let engine: EngineProcess;
let client: EngineClient;
let director: Director;
let server: http.Server;
let tmp: { dir: string; cleanup: () => Promise<void> };
const mem = memoryPlayoutStore();
const upcoming = inMemoryUpcomingItems();

beforeAll(async () => {
  tmp = await makeTempDir();
  await makeTone(path.join(tmp.dir, 'a.mp3'), { freq: 440, seconds: 4, volume: 0.3 });
  mem.media.set('a', testMedia(S, 'a', { storage_path: 'a.mp3', duration_ms: 4_000 }));
  const relayFile = await makeTone(path.join(tmp.dir, 'relay.mp3'), { freq: 880, seconds: 60 });
  server = http.createServer((req, res) => {
    if (req.url !== '/live') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'audio/mpeg' });
    createReadStream(relayFile).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  engine = await startEngine();
  client = createEngineClient({ address: engine.address, deadlineMs: 10_000 });
  await client.waitForReady(10_000);
}, 120_000);

afterAll(async () => {
  await director?.stop();
  client?.close();
  await engine?.stop();
  await new Promise((r) => server?.close(r));
  await tmp?.cleanup();
});

const slot = (over: Partial<UpcomingItem>): UpcomingItem => ({
  id: 'x',
  stationId: S,
  startMs: 0,
  endMs: 0,
  kind: 'media',
  mediaId: null,
  cueInMs: null,
  cueOutMs: null,
  fadeInMs: null,
  fadeOutMs: null,
  hardStart: false,
  label: null,
  ...over,
});

describe('a scheduled webstream', () => {
  it('relays the first working URL for the slot, titled with its name, then fallback', async () => {
    const t0 = Date.now();
    const live = `http://127.0.0.1:${(server.address() as AddressInfo).port}/live`;
    upcoming.set([
      slot({ id: 'i-a', mediaId: 'a', startMs: t0 - 500, endMs: t0 + 3_500 }),
      slot({
        id: 'i-w',
        kind: 'webstream',
        startMs: t0 + 3_500,
        endMs: t0 + 9_500,
        webstream: {
          id: 'ws-1',
          name: 'Network news',
          urls: [`http://127.0.0.1:${await freePort()}/dead`, live],
        },
      }),
    ]);
    const events: PlayoutEvent[] = [];
    const log = pino({ level: 'silent' });
    director = createDirector({
      leadership: singleInstanceLeadership(),
      runnableStations: () => Promise.resolve([S]),
      log,
      makeStation: (stationId) =>
        new StationDirector({
          stationId,
          engine: engineControlFromClient(client),
          upcoming,
          store: mem.store,
          config: () =>
            Promise.resolve({
              crossfadeMs: 500,
              crossfadeCurve: 'equal_power',
              loudnessTargetLufs: -16,
              outputs: [
                {
                  mount: 'int.mp3',
                  format: 'mp3',
                  bitrateKbps: 128,
                  sampleRate: 44100,
                  channels: 2,
                  icecast: null,
                },
              ],
            }),
          clock: systemClock,
          events: { publish: (e) => events.push(e) },
          metrics: createPlayoutMetrics(new Registry()),
          log,
          mediaRoot: tmp.dir,
          deadAirMs: 10_000,
          timing: { syncEveryMs: 1_000 },
        }),
    });
    const chunks: Buffer[] = [];
    await director.start();
    await waitFor(() => mem.history.find((h) => h.item_id === 's:i-a:a'), 15_000, 'a started');
    const sub = client.subscribeOutput(S, 'int.mp3', (c) => chunks.push(Buffer.from(c)));
    const relay = await waitFor(
      () => mem.history.find((h) => h.item_id === 's:i-w:ws-1'),
      15_000,
      'relay started',
    );
    expect(relay).toMatchObject({ title: 'Network news', media_id: null, tier: 3 });
    expect(mem.executors.get(S)).toMatchObject({ title: 'Network news', media_id: null });
    const np = events.find(
      (e) => e.type === 'now_playing' && e.payload.started_at === relay.started_at,
    );
    expect(np?.type === 'now_playing' && np.payload.title).toBe('Network news');
    // The relay lasts its slot (6 s), then the station fallback (media a) takes over.
    const after = await waitFor(
      () => mem.history.find((h) => h.started_at > relay.started_at && h.item_id !== relay.item_id),
      15_000,
      'fallback after the relay',
    );
    const relayMs = Date.parse(after.started_at) - Date.parse(relay.started_at);
    expect(relayMs).toBeGreaterThan(5_000);
    expect(relayMs).toBeLessThan(7_000);
    await new Promise((r) => setTimeout(r, 1_500));
    sub.close();
    const pcm = await decodeBytesToMono(Buffer.concat(chunks), tmp.dir, 'mp3');
    expect(toneSequence(pcm, [440, 880])).toEqual([440, 880, 440]);
  }, 90_000);
});
