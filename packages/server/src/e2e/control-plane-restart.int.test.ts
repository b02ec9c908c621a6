import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, waitFor, type EngineProcess } from '@grimnir/test-kit/engine-process.js';
import { decodeBytesToMono, makeTempDir, makeTone } from '@grimnir/test-kit/fixtures.js';
import { freePort, startIcecast, type Icecast } from '@grimnir/test-kit/icecast.js';
import { longestSilentRun, toneSequence } from '@grimnir/test-kit/tone-detect.js';
import { createEngineClient, type EngineClient } from '@grimnir/engine-client';
import {
  buildControlPlane,
  login,
  startControlPlane,
  type ControlPlaneOptions,
} from '../test-support/control-plane-process.js';
import { timedListener } from '../test-support/heard-audio.js';

// The control plane is not in the audio path: while it crashes, restarts or is redeployed the
// engine keeps playing what it was given, and the restarted director takes over from the
// engine's status without touching what is on air. A listener on Icecast hears every second.

const TONES = [440, 660, 880];
const ADMIN_PASSWORD = 'restart-admin-pw-1';
let engine: EngineProcess;
let client: EngineClient;
let ice: Icecast;
let tmp: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  buildControlPlane();
  tmp = await makeTempDir();
  ice = await startIcecast(tmp.dir);
  engine = await startEngine();
  client = createEngineClient({ address: engine.address, deadlineMs: 10_000 });
  await client.waitForReady(10_000);
}, 180_000);
afterAll(async () => {
  client?.close();
  await engine?.stop();
  await ice?.stop();
  await tmp?.cleanup();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('control plane restarts', () => {
  it('a listener on Icecast hears no gap through a crash and a graceful restart', async () => {
    const opts: ControlPlaneOptions = {
      dataDir: path.join(tmp.dir, 'data'),
      httpPort: await freePort(),
      metricsPort: await freePort(),
      env: {
        GRIMNIR_MEDIA_ENGINE_GRPC_ADDR: engine.address,
        GRIMNIR_ADMIN_PASSWORD: ADMIN_PASSWORD,
        // The test Icecast listens on loopback, which the outbound fence refuses by default.
        GRIMNIR_OUTBOUND_ALLOW: '127.0.0.1',
      },
    };
    let cp = await startControlPlane(opts);
    const logs: string[] = [];
    try {
      const api = await login(cp.url, 'admin', ADMIN_PASSWORD);
      const station = await api.call<{ id: string }>('POST', '/api/v1/stations', {
        name: 'Restart FM',
        description: '',
        active: true,
        crossfade_ms: 1000,
      });
      const [mount] = await api.call<{ id: string; name: string }[]>(
        'GET',
        `/api/v1/stations/${station.id}/mounts`,
      );
      await api.call('PATCH', `/api/v1/stations/${station.id}/mounts/${mount!.id}`, {
        icecast: { host: '127.0.0.1', port: ice.port, mount: '/restart', password: ice.password },
      });
      const freqOf = new Map<string, number>();
      for (const freq of TONES) {
        const file = await makeTone(path.join(tmp.dir, `${freq}.mp3`), {
          freq,
          seconds: 8,
          volume: 0.3,
        });
        freqOf.set(await api.upload(station.id, file, `Tone ${freq}`), freq);
      }
      await api.call('POST', '/api/v1/schedule/refresh', { station_id: station.id });
      const planned = (
        await api.call<{ media_id: string | null }[]>(
          'GET',
          `/api/v1/schedule?station_id=${station.id}`,
        )
      )
        .map((i) => freqOf.get(i.media_id ?? ''))
        .filter((f) => f !== undefined);

      // What the engine starts, by item: a director that re-took the air would start one again.
      const started: string[] = [];
      const events = client.subscribeEvents(station.id, (ev) => {
        if (ev.event === 'track_started') started.push(ev.track_started.item_id);
      });
      await waitFor(
        async () => {
          const probe = timedListener(`http://127.0.0.1:${ice.port}/restart`);
          const ok = (await probe.status.catch(() => 0)) === 200;
          probe.stop();
          return ok ? true : undefined;
        },
        30_000,
        'the station on Icecast',
      );
      const ear = timedListener(`http://127.0.0.1:${ice.port}/restart`);
      expect(await ear.status).toBe(200);
      await sleep(6_000);

      const beforeCrash = await client.status(station.id);
      logs.push(cp.logs());
      await cp.kill9();
      await sleep(2_000);
      cp = await startControlPlane(opts);
      await sleep(6_000);
      const afterCrash = await client.status(station.id);
      // The item on air at the crash played on (or gave way to its successor by itself).
      if (afterCrash.current?.item_id === beforeCrash.current?.item_id)
        expect(afterCrash.current!.position_ms).toBeGreaterThan(beforeCrash.current!.position_ms);

      logs.push(cp.logs());
      expect(await cp.stop()).toBe(0);
      cp = await startControlPlane(opts);
      await sleep(8_000);
      const { bytes } = ear.stop();
      events.close();

      const pcm = await decodeBytesToMono(bytes, tmp.dir, 'mp3');
      expect(pcm.length / 44_100).toBeGreaterThan(20);
      expect(longestSilentRun(pcm, 0.003, 44_100) / 44_100).toBeLessThan(0.2);
      const heard = toneSequence(pcm, TONES);
      const plannedPairs = new Set(planned.slice(1).map((f, i) => `${planned[i]}→${f}`));
      for (let i = 1; i < heard.length; i++)
        expect(plannedPairs).toContain(`${heard[i - 1]}→${heard[i]}`);
      expect(heard.length).toBeGreaterThanOrEqual(3);
      // No item was started twice: the restarted directors did not re-take the air.
      expect(new Set(started).size).toBe(started.length);
    } catch (err) {
      logs.push(cp.logs());
      throw new Error(
        `${String(err)}\n--- control plane logs ---\n${logs.join('\n').slice(-8_000)}`,
      );
    } finally {
      await cp.stop();
    }
  }, 240_000);
});
