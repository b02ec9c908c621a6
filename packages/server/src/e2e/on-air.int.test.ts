import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startEngine,
  waitFor,
  type EngineProcess,
} from '../../../media-engine/src/test-support/engine-process.js';
import {
  decodeBytesToMono,
  makeTempDir,
  makeTone,
} from '../../../media-engine/src/test-support/fixtures.js';
import {
  longestSilentRun,
  toneSequence,
} from '../../../media-engine/src/test-support/tone-detect.js';
import { createEngineClient, type EngineClient } from '../infra/engine-client.js';
import { startEngineOutputBridge } from '../modules/listeners/engine-output-bridge.js';
import { engineControlFromClient } from '../modules/playout/engine-adapter.js';
import { bearer, buildTestApp, type TestApp } from '../test-support/app.js';
import { uploadMedia } from '../test-support/media.js';

// A station on air end to end, with every real process: uploads through the API, the scheduler
// materialises the library rotation, the director drives a real mediaengine (GStreamer), and a
// listener on /stream/{mount} decodes what it hears.

const TONES = [440, 660, 880];
let engine: EngineProcess;
let client: EngineClient;
let tmp: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  tmp = await makeTempDir();
  engine = await startEngine();
  client = createEngineClient({ address: engine.address, deadlineMs: 10_000 });
  await client.waitForReady(10_000);
}, 120_000);
afterAll(async () => {
  client?.close();
  await engine?.stop();
  await tmp?.cleanup();
});

function listen(url: string, ms: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const req = get(url, (res) => {
      if (res.statusCode !== 200) reject(new Error(`listener got ${res.statusCode}`));
      res.on('data', (c: Buffer) => chunks.push(c));
    });
    req.on('error', reject);
    setTimeout(() => {
      req.destroy();
      resolve(Buffer.concat(chunks));
    }, ms);
  });
}

describe('a station on air', () => {
  it('plays the schedule to a listener in order, without dead air, as now-playing says', async () => {
    const t: TestApp = await buildTestApp({ playout: { engine: engineControlFromClient(client) } });
    const bridge = startEngineOutputBridge({
      engine: client,
      stations: t.services.repositories.stations,
      mounts: t.services.repositories.mounts,
      broadcasts: t.realtime.broadcasts,
      events: t.realtime.events,
      log: { info: () => undefined, warn: () => undefined },
      intervalMs: 500,
    });
    try {
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      const port = (t.app.server.address() as AddressInfo).port;
      const admin = await t.adminToken();
      const station = await t.makeStation(admin, { name: 'E2E FM', crossfade_ms: 1000 });
      const freqOf = new Map<string, number>();
      for (const freq of TONES) {
        const file = await makeTone(path.join(tmp.dir, `${freq}.mp3`), {
          freq,
          seconds: 8,
          volume: 0.3,
        });
        const res = await uploadMedia(
          t,
          bearer(admin),
          { station_id: station.id, title: `Tone ${freq}` },
          { name: `${freq}.mp3`, data: await readFile(file) },
        );
        expect(res.statusCode).toBe(201);
        freqOf.set(res.json<{ id: string }>().id, freq);
      }
      const refresh = await t.app.inject({
        method: 'POST',
        url: '/api/v1/schedule/refresh',
        headers: bearer(admin),
        payload: { station_id: station.id },
      });
      expect(refresh.statusCode).toBe(200);
      const schedule = (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/schedule?station_id=${station.id}`,
          headers: bearer(admin),
        })
      ).json<{ media_id: string | null }[]>();
      const planned = schedule
        .map((i) => freqOf.get(i.media_id ?? ''))
        .filter((f) => f !== undefined);
      expect(planned.length).toBeGreaterThan(3);
      await bridge.refresh();

      const mount = (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/stations/${station.id}/mounts`,
          headers: bearer(admin),
        })
      ).json<{ name: string }[]>()[0]!.name;
      // Wait until the station is audible, then listen for 30 s.
      await waitFor(
        () => (t.realtime.broadcasts.get(mount)?.hasData ? true : undefined),
        30_000,
        'audio on the mount',
      );
      const bytes = await listen(`http://127.0.0.1:${port}/stream/${mount}`, 30_000);
      const nowPlaying = (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/stations/${station.id}/now-playing`,
          headers: bearer(admin),
        })
      ).json<{ current: { media_id: string | null } | null }>();

      const pcm = await decodeBytesToMono(bytes, tmp.dir, 'mp3');
      expect(pcm.length / 44_100).toBeGreaterThan(25);
      const heard = toneSequence(pcm, TONES);
      expect(heard.length).toBeGreaterThanOrEqual(3);
      // Every change of tone follows the schedule's order.
      const plannedPairs = new Set(planned.slice(1).map((f, i) => `${planned[i]}→${f}`));
      for (let i = 1; i < heard.length; i++)
        expect(plannedPairs).toContain(`${heard[i - 1]}→${heard[i]}`);
      // No dead air: no near-silent stretch longer than 200 ms after the connect burst.
      expect(longestSilentRun(pcm, 0.003, 44_100) / 44_100).toBeLessThan(0.2);
      // Now playing agrees with what was heard last (the listener lags by at most its burst).
      const lastHeard = heard[heard.length - 1];
      const reported = freqOf.get(nowPlaying.current?.media_id ?? '');
      expect([
        lastHeard,
        ...planned.slice(planned.indexOf(lastHeard!) + 1, planned.indexOf(lastHeard!) + 2),
      ]).toContain(reported);
    } finally {
      bridge.stop();
      await t.close();
    }
  }, 180_000);
});
