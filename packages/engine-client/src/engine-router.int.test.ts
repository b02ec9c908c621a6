import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, waitFor, type EngineProcess } from '@grimnir/test-kit/engine-process.js';
import { makeTempDir, makeTone } from '@grimnir/test-kit/fixtures.js';
import { makeItem, stationConfig } from '@grimnir/test-kit/station-fixture.js';
import { createEngineClient, type EngineClient } from './engine-client.js';
import { createEngineRouter, engineFor } from './engine-router.js';

let engines: EngineProcess[] = [];
let direct: EngineClient[] = [];
let router: EngineClient;
let tmp: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  tmp = await makeTempDir();
  engines = await Promise.all([startEngine(), startEngine()]);
  const addrs = engines.map((e) => e.address);
  direct = addrs.map((address) => createEngineClient({ address, deadlineMs: 10_000 }));
  router = createEngineRouter(addrs, (address) => createEngineClient({ address }));
  await router.waitForReady(10_000);
}, 60_000);
afterAll(async () => {
  router?.close();
  for (const c of direct) c.close();
  await Promise.all(engines.map((e) => e.stop()));
  await tmp?.cleanup();
});

describe('stations over two real engines', () => {
  it('each station lives on the engine its hash names, and plays there', async () => {
    const tone = await makeTone(path.join(tmp.dir, 'r.mp3'), { freq: 440, seconds: 10 });
    const addrs = engines.map((e) => e.address);
    // Three stations on each engine: the hash takes the engines' addresses, whose ports differ
    // from run to run, so six fixed ids all landed on one engine now and then (1 run in 32).
    const candidates = Array.from({ length: 64 }, (_, i) => `r${i + 1}`);
    const stations = [0, 1].flatMap((e) =>
      candidates.filter((id) => engineFor(id, addrs) === e).slice(0, 3),
    );
    for (const id of stations) {
      await router.configureStation(stationConfig(id));
      await router.load(id, makeItem(`${id}-a`, tone));
      await router.play(id);
    }
    const owners = stations.map((id) => engineFor(id, addrs));
    expect(new Set(owners).size).toBe(2);
    for (const [i, id] of stations.entries()) {
      const mine = direct[owners[i]!]!;
      const other = direct[1 - owners[i]!]!;
      expect((await mine.status(id)).state).toBe('playing');
      await expect(other.status(id)).rejects.toMatchObject({ code: 5 });
    }
    // Encoded audio comes back through the router from whichever engine plays the station.
    const far = stations[owners.indexOf(1)]!;
    let bytes = 0;
    const sub = router.subscribeOutput(far, 'main.mp3', (c) => (bytes += c.length));
    await waitFor(() => (bytes > 16_000 ? true : undefined), 10_000, 'audio from engine 2');
    sub.close();
    for (const id of stations) await router.removeStation(id);
  }, 60_000);
});
