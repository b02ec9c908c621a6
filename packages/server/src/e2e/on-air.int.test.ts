import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, waitFor, type EngineProcess } from '@grimnir/test-kit/engine-process.js';
import { decodeBytesToMono, makeTempDir, makeTone } from '@grimnir/test-kit/fixtures.js';
import { longestSilentRun } from '@grimnir/test-kit/tone-detect.js';
import { createEngineClient, type EngineClient } from '@grimnir/engine-client';
import { bearer, type TestApp } from '../test-support/app.js';
import { appOnAir } from '../test-support/app-on-air.js';
import {
  arrivalOf,
  firstBlockAbove,
  longestArrivalGap,
  timedListener,
  toneEnvelope,
} from '../test-support/heard-audio.js';
import { uploadMedia } from '../test-support/media.js';

// A station on air end to end, with every real process: uploads through the API, the scheduler
// materialises the station's playlist, the director drives a real mediaengine (GStreamer), and
// a listener on /stream/{mount} decodes what it hears — through an emergency and its release,
// and a kill -9 of the engine.

const TONES = [440, 660, 880];
const EMERGENCY = 1320;
const CROSSFADE_MS = 1000;
const BYTES_PER_SECOND = 128_000 / 8;
const BLOCK = 2205; // 50 ms
const BLOCK_S = BLOCK / 44_100;
let engine: EngineProcess;
let client: EngineClient;
let tmp: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  tmp = await makeTempDir();
  // The guide's low-latency tuning (GRIMNIR_MEDIA_ENGINE_LATENCY=200): an emergency is heard
  // after the engine's render-ahead, and the 500 ms default alone used up the 500 ms budget
  // (measured 494–566 ms here, before and after the composition-root work).
  engine = await startEngine({ GRIMNIR_MEDIA_ENGINE_LATENCY: '200' });
  client = createEngineClient({ address: engine.address, deadlineMs: 10_000 });
  await client.waitForReady(10_000);
}, 120_000);
afterAll(async () => {
  client?.close();
  await engine?.stop();
  await tmp?.cleanup();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A station whose programme is the three tones in order, plus an emergency message. */
async function toneStation(t: TestApp, admin: string) {
  const station = await t.makeStation(admin, { name: 'E2E FM', crossfade_ms: CROSSFADE_MS });
  const idOf = new Map<number, string>();
  for (const freq of [...TONES, EMERGENCY]) {
    const file = await makeTone(path.join(tmp.dir, `${freq}.mp3`), {
      freq,
      seconds: freq === EMERGENCY ? 5 : 9,
      volume: 0.3,
    });
    const res = await uploadMedia(
      t,
      bearer(admin),
      { station_id: station.id, title: `Tone ${freq}` },
      { name: `${freq}.mp3`, data: await readFile(file) },
    );
    expect(res.statusCode).toBe(201);
    idOf.set(freq, res.json<{ id: string }>().id);
  }
  const call = async (method: 'POST' | 'PUT' | 'GET', url: string, payload?: object) => {
    const res = await t.app.inject({ method, url, headers: bearer(admin), payload });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res;
  };
  const playlist = await call('POST', '/api/v1/playlists', {
    station_id: station.id,
    name: 'Tones',
    items: TONES.map((f) => ({ media_id: idOf.get(f) })),
  });
  await call('PUT', '/api/v1/schedule/fallback', {
    station_id: station.id,
    source: { type: 'playlist', id: playlist.json<{ id: string }>().id },
  });
  await call('POST', '/api/v1/schedule/refresh', { station_id: station.id });
  const freqOf = new Map([...idOf].map(([f, id]) => [id, f]));
  const planned = (await call('GET', `/api/v1/schedule?station_id=${station.id}`))
    .json<{ media_id: string | null }[]>()
    .map((i) => freqOf.get(i.media_id ?? ''))
    .filter((f) => f !== undefined);
  const mount = (await call('GET', `/api/v1/stations/${station.id}/mounts`)).json<
    { name: string }[]
  >()[0]!.name;
  return { id: station.id, idOf, freqOf, planned, mount, call };
}

describe('a station on air', () => {
  it('is heard as scheduled and crossfaded, takes an emergency, survives an engine kill', async () => {
    const { t, port, refreshFeeds, close } = await appOnAir(client);
    const nowPlaying: { atMs: number; mediaId: string | null; startedAt: string | null }[] = [];
    let polling = true;
    try {
      const admin = await t.adminToken();
      const st = await toneStation(t, admin);
      expect(st.planned.slice(0, 4)).toEqual([...TONES, TONES[0]]);
      await refreshFeeds();
      await waitFor(
        () => (t.realtime.broadcasts.get(st.mount)?.hasData ? true : undefined),
        30_000,
        'audio on the mount',
      );

      const ear = timedListener(`http://127.0.0.1:${port}/stream/${st.mount}`);
      expect(await ear.status).toBe(200);
      const connectedAt = Date.now();
      const poll = (async () => {
        while (polling) {
          const np = (await st.call('GET', `/api/v1/stations/${st.id}/now-playing`)).json<{
            current: { media_id: string | null; started_at: string | null } | null;
          }>();
          nowPlaying.push({
            atMs: Date.now(),
            mediaId: np.current?.media_id ?? null,
            startedAt: np.current?.started_at ?? null,
          });
          await sleep(200);
        }
      })();

      await sleep(30_000);
      const emergencyAt = Date.now();
      const em = await st.call('POST', '/api/v1/priority/emergency', {
        station_id: st.id,
        media_id: st.idOf.get(EMERGENCY),
      });
      const emergencyAckMs = Date.now() - emergencyAt;
      await sleep(6_000);
      const releaseAt = Date.now();
      const emId = em.json<{ id: string }>().id;
      const rel = await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/priority/${emId}`,
        headers: bearer(admin),
      });
      expect(rel.statusCode).toBeLessThan(300);
      await sleep(6_000);
      const port0 = engine.grpcPort;
      const killedAt = Date.now();
      await engine.kill9();
      engine = await startEngine({
        GRIMNIR_MEDIA_ENGINE_GRPC_ADDR: `127.0.0.1:${port0}`,
        GRIMNIR_MEDIA_ENGINE_LATENCY: '200',
      });
      await sleep(killedAt + 15_000 - Date.now());
      const heard = ear.stop();
      polling = false;
      await poll;

      const pcm = await decodeBytesToMono(heard.bytes, tmp.dir, 'mp3');
      const env = toneEnvelope(pcm, [...TONES, EMERGENCY], BLOCK);
      const at = (block: number) => arrivalOf(heard, BYTES_PER_SECOND, block * BLOCK_S);
      const blockAt = (ms: number) => {
        let b = 0;
        while (b * BLOCK < pcm.length && at(b) < ms) b++;
        return b;
      };
      // A tone "is heard" above a tenth of its steady level.
      const level = (f: number) =>
        [...env.get(f)!].sort((a, b) => a - b)[Math.floor(env.get(f)!.length * 0.95)]!;
      const thr = new Map([...TONES, EMERGENCY].map((f) => [f, level(f) / 10]));
      const loud = (f: number, b: number) => (env.get(f)![b] ?? 0) >= thr.get(f)!;

      // 1. Automation before the emergency: tones in the planned order, each change a crossfade
      //    of the configured length, now-playing within 1 s of what is heard.
      const emBlock = blockAt(emergencyAt);
      // Start where exactly one tone is heard: inside a crossfade both are loud, and taking the
      // first of them as "the current tone" misreads the next onset as out of plan order.
      let start = blockAt(connectedAt + 2_000);
      while (start < emBlock && TONES.filter((f) => loud(f, start)).length !== 1) start++;
      // An onset: a tone becomes audible and stays so for half a second (no flicker).
      const onsets: { freq: number; block: number }[] = [];
      const overlapsMs: number[] = [];
      let overlap = 0;
      for (let b = start; b < emBlock; b++) {
        const on = TONES.filter((f) => loud(f, b));
        if (on.length === 2) overlap += 1;
        else if (overlap > 0) {
          overlapsMs.push(overlap * BLOCK_S * 1000);
          overlap = 0;
        }
        for (const f of on)
          if (!loud(f, b - 1) && [...Array(10).keys()].every((k) => loud(f, b + k)))
            onsets.push({ freq: f, block: b });
      }
      expect(onsets.length).toBeGreaterThanOrEqual(2);
      const pairs = new Set(st.planned.slice(1).map((f, i) => `${st.planned[i]}→${f}`));
      let last = TONES.find((f) => loud(f, start));
      for (const o of onsets) {
        expect(pairs).toContain(`${last}→${o.freq}`);
        last = o.freq;
      }
      expect(overlapsMs.length).toBeGreaterThanOrEqual(2);
      for (const ms of overlapsMs) {
        expect(ms).toBeGreaterThan(CROSSFADE_MS * 0.6);
        expect(ms).toBeLessThan(CROSSFADE_MS * 1.4);
      }
      const npErrors = onsets.map((o) => {
        const heardAt = at(o.block);
        const report = nowPlaying.find(
          (n) => st.freqOf.get(n.mediaId ?? '') === o.freq && n.atMs > heardAt - 10_000,
        );
        return report?.startedAt ? Date.parse(report.startedAt) - heardAt : Number.NaN;
      });
      for (const err of npErrors) expect(Math.abs(err)).toBeLessThan(1_000);
      const killBlock = blockAt(killedAt);
      expect(longestSilentRun(pcm, 0.003, start * BLOCK, killBlock * BLOCK) / 44_100).toBeLessThan(
        0.2,
      );

      // 2. The emergency is heard promptly and gives the air back. The bound is loose on
      //    purpose (a loaded CI machine measured 544 ms once): it catches an emergency that
      //    waits for the track to end; its speed is a figure (printed below, and bench:engine).
      const emOn = firstBlockAbove(env.get(EMERGENCY)!, emBlock - 20, thr.get(EMERGENCY)!);
      expect(emOn).toBeGreaterThan(0);
      expect(at(emOn) - emergencyAt).toBeLessThan(1_500);
      const relBlock = blockAt(releaseAt);
      let back = relBlock;
      while (back < killBlock && !TONES.some((f) => loud(f, back))) back++;
      expect(back).toBeLessThan(killBlock);
      expect(at(back) - releaseAt).toBeLessThan(1_000);

      // 3. kill -9 of the engine: the listener stays connected; after the outage (the longest
      //    stretch without bytes) a tone is heard again within 5 s of the kill.
      const outage = longestArrivalGap(heard, killedAt, killedAt + 15_000);
      let audible = blockAt(outage.toMs);
      while (audible * BLOCK < pcm.length && !TONES.some((f) => loud(f, audible))) audible++;
      console.info('on-air figures', {
        crossfade_overlaps_ms: overlapsMs,
        now_playing_error_ms: npErrors,
        emergency_acknowledged_ms: emergencyAckMs,
        emergency_heard_after_ms: at(emOn) - emergencyAt,
        automation_back_after_release_ms: at(back) - releaseAt,
        outage_ms: outage.toMs - outage.fromMs,
        audio_back_after_kill_ms: at(audible) - killedAt,
      });
      expect(audible * BLOCK).toBeLessThan(pcm.length);
      expect(at(audible) - killedAt).toBeLessThan(5_000);
    } finally {
      polling = false;
      await close();
    }
  }, 240_000);
});
