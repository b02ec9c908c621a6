import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, waitFor, type EngineProcess } from '@grimnir/test-kit/engine-process.js';
import { decodeBytesToMono, makeTempDir, makeTone } from '@grimnir/test-kit/fixtures.js';
import { toneSequence } from '@grimnir/test-kit/tone-detect.js';
import { createEngineClient, type EngineClient } from '@grimnir/engine-client';
import {
  ffmpegSource,
  nowPlaying,
  onsetSeconds,
  run,
  sessions,
  stationOnAir,
  tierIs,
} from '../../test-support/live-station.js';
import { timedListener } from '../../test-support/heard-audio.js';
import { uploadMedia } from '../../test-support/media.js';
import { sourceRequest } from '../../test-support/source-client.js';

// Live DJs on a station driven by a real media engine (GStreamer): automation plays a 440 Hz
// tone, a DJ connects with real encoders (ffmpeg icecast://, ffmpeg -legacy_icecast, GStreamer
// shout2send) to /live/{mount} on the main port, and a listener on /stream/{mount} decodes what
// it hears: the DJ's tone within a bounded time, then automation again once the DJ leaves.

const AUTO = 440;
const ALERT = 1000;
let engine: EngineProcess;
let client: EngineClient;
let tmp: { dir: string; cleanup: () => Promise<void> };
let bed: Buffer;
let alert: Buffer;

beforeAll(async () => {
  tmp = await makeTempDir();
  bed = await readFile(
    await makeTone(path.join(tmp.dir, 'bed.mp3'), { freq: AUTO, seconds: 120, volume: 0.3 }),
  );
  alert = await readFile(
    await makeTone(path.join(tmp.dir, 'alert.mp3'), { freq: ALERT, seconds: 30, volume: 0.3 }),
  );
  engine = await startEngine();
  client = createEngineClient({ address: engine.address, deadlineMs: 10_000 });
  await client.waitForReady(10_000);
}, 120_000);
afterAll(async () => {
  client?.close();
  await engine?.stop();
  await tmp?.cleanup();
});

describe('live DJs on a real media engine', () => {
  it('a token DJ (ffmpeg icecast://) takes the air, retitles the show, and automation returns', async () => {
    const DJ = 880;
    const a = await stationOnAir(client, bed, false);
    const heard: { title: string; source_type: string }[] = [];
    const off = a.t.realtime.events.subscribe((e) => {
      if (e.type === 'now_playing') heard.push(e.payload);
    });
    try {
      const res = await a.t.app.inject({
        method: 'POST',
        url: '/api/v1/live/tokens',
        headers: a.admin,
        payload: { station_id: a.stationId, mount_id: a.mount.id, label: 'Night Shift' },
      });
      const { password } = res.json<{ password: string }>();
      const earAt = Date.now();
      const ear = timedListener(`http://127.0.0.1:${a.port}/stream/${a.mount.name}`);
      await new Promise((r) => setTimeout(r, 3_000));

      // A wrong password is challenged and puts nothing on air.
      const wrong = await sourceRequest(a.port, 'PUT', `/live/${a.mount.name}`, 'source:wrong');
      expect(wrong.status).toBe(401);
      expect(wrong.headers['www-authenticate']).toBe('Basic realm="Icecast2 Server"');
      expect((await nowPlaying(a)).tier_name).toBe('automation');
      expect(await sessions(a)).toEqual([]);

      const spawnedAt = Date.now();
      const dj = ffmpegSource(
        DJ,
        12,
        `icecast://source:${password}@127.0.0.1:${a.port}/live/${a.mount.name}`,
      );
      await tierIs(a, 'live_override');
      // The tier and the item on air are written by two steps of the director: the title follows
      // the tier within moments (a loaded machine stretches them).
      await waitFor(
        async () => ((await nowPlaying(a)).current?.title === 'Night Shift' ? true : undefined),
        5_000,
        'the show named on air',
      );
      await waitFor(
        async () => ((await client.status(a.stationId)).state === 'live' ? true : undefined),
        10_000,
        'engine live',
      );

      // The password worked once; a second DJ on the busy station is refused.
      const reuse = await sourceRequest(
        a.port,
        'PUT',
        `/live/${a.mount.name}`,
        `source:${password}`,
      );
      expect(reuse.status).toBe(401);
      const other = await a.t.makeUser({ role: 'dj' });
      await a.t.addMember(a.stationId, other.id, 'dj');
      const busy = await sourceRequest(
        a.port,
        'SOURCE',
        `/live/${a.mount.name}`,
        `${other.username}:${other.password}`,
      );
      expect(busy.status).toBe(409);

      // DJ software's title update (Icecast updinfo) reaches now-playing, events and ICY.
      const meta = await fetch(
        `http://127.0.0.1:${a.port}/admin/metadata?mode=updinfo&mount=%2Flive%2F${a.mount.name}&song=Deep%20Cuts`,
        {
          headers: {
            authorization: `Basic ${Buffer.from(`source:${password}`).toString('base64')}`,
          },
        },
      );
      expect(meta.status).toBe(200);
      expect(await meta.text()).toContain('<return>1</return>');
      expect((await nowPlaying(a)).current?.title).toBe('Deep Cuts');
      expect(heard.some((e) => e.title === 'Deep Cuts' && e.source_type === 'live')).toBe(true);
      expect(a.t.realtime.broadcasts.get(a.mount.name)?.title).toBe('Deep Cuts');
      const gauge = await a.t.metrics.registry.getSingleMetricAsString('grimnir_live_sessions');
      expect(gauge).toContain(`station_id="${a.stationId}"} 1`);

      // Now-playing read every 20 ms from the DJ's last seconds until automation is back.
      const named: (string | null)[] = [];
      let watching = true;
      const watcher = (async () => {
        while (watching) {
          const np = await nowPlaying(a);
          named.push(np.current?.title ?? null);
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      expect(await dj.exited).toBe(0);
      const ended = await waitFor(
        async () => {
          const s = (await sessions(a))[0];
          return s && !s.active ? s : undefined;
        },
        10_000,
        'session ended',
      );
      expect(ended).toMatchObject({
        end_reason: 'disconnected',
        tier_name: 'live_override',
        title: 'Deep Cuts',
      });
      expect(ended.bytes_received).toBeGreaterThan(100_000);
      await tierIs(a, 'automation');
      await new Promise((r) => setTimeout(r, 1_000));
      watching = false;
      await watcher;
      // Automation's deck under the show is heard again the moment the DJ leaves, before the
      // director's time-correct reload starts: now-playing names it, never nothing in between.
      expect(named.at(0)).toBe('Deep Cuts');
      expect(named.filter((t) => t === null)).toEqual([]);
      await new Promise((r) => setTimeout(r, 4_000));
      const pcm = await decodeBytesToMono(ear.stop().bytes, tmp.dir, 'mp3');
      expect(toneSequence(pcm, [AUTO, DJ])).toEqual([AUTO, DJ, AUTO]);
      // Heard within 5 s of the encoder starting (a listener's burst only makes it earlier).
      const spawnOffset = (spawnedAt - earAt) / 1000;
      expect(onsetSeconds(pcm, DJ, [AUTO, DJ]) - spawnOffset).toBeLessThan(5);
    } finally {
      off();
      await a.close();
    }
  }, 150_000);
  it('a DJ login (ffmpeg -legacy_icecast SOURCE) in a scheduled slot is live_scheduled until kicked', async () => {
    const DJ = 660;
    const a = await stationOnAir(client, bed, true);
    try {
      const dj = await a.t.makeUser({ role: 'dj' });
      await a.t.addMember(a.stationId, dj.id, 'dj');
      const ear = timedListener(`http://127.0.0.1:${a.port}/stream/${a.mount.name}`);
      await new Promise((r) => setTimeout(r, 3_000));
      const enc = ffmpegSource(
        DJ,
        undefined,
        `icecast://${dj.username}:${encodeURIComponent(dj.password)}@127.0.0.1:${a.port}/live/${a.mount.name}`,
        true,
      );
      await tierIs(a, 'live_scheduled');
      expect((await nowPlaying(a)).current?.title).toBe(dj.username);
      await new Promise((r) => setTimeout(r, 3_000));

      // An emergency outranks the DJ and hands the air back to them when released.
      const up = await uploadMedia(
        a.t,
        a.admin,
        { station_id: a.stationId, title: 'Alert' },
        { name: 'alert.mp3', data: alert },
      );
      const emergency = await a.t.app.inject({
        method: 'POST',
        url: '/api/v1/priority/emergency',
        headers: a.admin,
        payload: { station_id: a.stationId, media_id: up.json<{ id: string }>().id },
      });
      expect(emergency.statusCode).toBe(201);
      await tierIs(a, 'emergency');
      await new Promise((r) => setTimeout(r, 3_000));
      const released = await a.t.app.inject({
        method: 'DELETE',
        url: `/api/v1/priority/${emergency.json<{ id: string }>().id}`,
        headers: a.admin,
      });
      expect(released.statusCode).toBe(204);
      // Named again at once (on the director's priority event, not the 5 s heartbeat).
      await waitFor(
        async () => {
          const np = await nowPlaying(a);
          return np.tier_name === 'live_scheduled' && np.current?.title === dj.username
            ? true
            : undefined;
        },
        2_500,
        'the DJ back on air after the emergency',
      );
      await new Promise((r) => setTimeout(r, 3_000));
      const [session] = await sessions(a);
      const kick = await a.t.app.inject({
        method: 'DELETE',
        url: `/api/v1/live/sessions/${session!.id}`,
        headers: a.admin,
      });
      expect(kick.statusCode).toBe(204);
      // The encoder loses its connection; automation is back at once.
      const code = await Promise.race([
        enc.exited,
        new Promise<number>((r) => setTimeout(() => r(-999), 10_000)),
      ]);
      expect(code).not.toBe(-999);
      await tierIs(a, 'automation');
      expect((await sessions(a))[0]).toMatchObject({ active: false, end_reason: 'kicked' });
      await new Promise((r) => setTimeout(r, 4_000));
      const pcm = await decodeBytesToMono(ear.stop().bytes, tmp.dir, 'mp3');
      expect(toneSequence(pcm, [AUTO, DJ, ALERT])).toEqual([AUTO, DJ, ALERT, DJ, AUTO]);
    } finally {
      await a.close();
    }
  }, 150_000);

  it('GStreamer shout2send (libshout: OPTIONS probe, unauthenticated PUT, then PUT) goes live', async () => {
    const a = await stationOnAir(client, bed, false);
    try {
      const res = await a.t.app.inject({
        method: 'POST',
        url: '/api/v1/live/tokens',
        headers: a.admin,
        payload: { station_id: a.stationId, mount_id: a.mount.id },
      });
      const { password } = res.json<{ password: string }>();
      const gst = run('gst-launch-1.0', [
        ...['-q', 'audiotestsrc', 'wave=sine', 'freq=660', 'is-live=true', 'num-buffers=400'],
        ...['!', 'audioconvert', '!', 'lamemp3enc', 'target=bitrate', 'bitrate=128', 'cbr=true'],
        ...['!', 'shout2send', 'ip=127.0.0.1', `port=${a.port}`, `mount=/live/${a.mount.name}`],
        ...['username=source', `password=${password}`],
      ]);
      await tierIs(a, 'live_override');
      await waitFor(
        async () => ((await client.status(a.stationId)).state === 'live' ? true : undefined),
        10_000,
        'engine live',
      );
      expect(await gst.exited).toBe(0);
      const ended = await waitFor(
        async () => {
          const s = (await sessions(a))[0];
          return s && !s.active ? s : undefined;
        },
        10_000,
        'session ended',
      );
      expect(ended.end_reason).toBe('disconnected');
      // ~9 s of 128 kbit/s MP3.
      expect(ended.bytes_received).toBeGreaterThan(100_000);
      await tierIs(a, 'automation');
      const refused = await a.t.metrics.registry.getSingleMetricAsString(
        'grimnir_live_source_refused_total',
      );
      // libshout's credential-less first attempt is answered with the challenge it expects.
      expect(refused).toContain('reason="no_credentials"');
    } finally {
      await a.close();
    }
  }, 150_000);
});
