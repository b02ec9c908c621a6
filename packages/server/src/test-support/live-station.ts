import { spawn, type ChildProcess } from 'node:child_process';
import { waitFor } from '@grimnir/test-kit/engine-process.js';
import { dominantTone } from '@grimnir/test-kit/tone-detect.js';
import type { EngineClient } from '@grimnir/engine-client';
import { inMemoryUpcomingItems, type UpcomingItem } from '../modules/playout/ports.js';
import { bearer, type TestApp } from './app.js';
import { appOnAir } from './app-on-air.js';
import { uploadMedia } from './media.js';

// A station on air with a real media engine for live-ingest tests: automation plays a bed
// tone, a listener records /stream/{mount}, encoders run as real child processes.

interface OnAir {
  t: TestApp;
  port: number;
  admin: Record<string, string>;
  stationId: string;
  mount: { id: string; name: string };
  close(): Promise<void>;
}

/** A station whose automation plays the bed tone; `liveSlot` adds a scheduled live show now. */
export async function stationOnAir(
  client: EngineClient,
  bed: Buffer,
  liveSlot: boolean,
): Promise<OnAir> {
  const upcoming = inMemoryUpcomingItems();
  const { t, port, refreshFeeds, close } = await appOnAir(client, { upcoming, live: true });
  const admin = bearer(await t.adminToken());
  const station = await t.makeStation(admin.authorization.slice(7), { crossfade_ms: 500 });
  const up = await uploadMedia(
    t,
    admin,
    { station_id: station.id, title: 'Bed' },
    { name: 'bed.mp3', data: bed },
  );
  const mediaId = up.json<{ id: string }>().id;
  const now = Date.now();
  const item = (kind: UpcomingItem['kind'], id: string): UpcomingItem => ({
    id,
    stationId: station.id,
    startMs: now - 1_000,
    endMs: now + 110_000,
    kind,
    mediaId: kind === 'media' ? mediaId : null,
    cueInMs: null,
    cueOutMs: null,
    fadeInMs: null,
    fadeOutMs: null,
    hardStart: false,
    label: kind === 'live' ? 'Scheduled show' : null,
  });
  upcoming.set([item('media', 'bed-1'), ...(liveSlot ? [item('live', 'show-1')] : [])]);
  const mount = (
    await t.app.inject({
      method: 'GET',
      url: `/api/v1/stations/${station.id}/mounts`,
      headers: admin,
    })
  ).json<{ id: string; name: string }[]>()[0]!;
  await refreshFeeds();
  await waitFor(
    () => (t.realtime.broadcasts.get(mount.name)?.hasData ? true : undefined),
    30_000,
    'automation audible on the mount',
  );
  return {
    t,
    port,
    admin,
    stationId: station.id,
    mount,
    async close() {
      await close();
      await client.removeStation(station.id).catch(() => undefined);
    },
  };
}

/** Seconds into the decoded stream where `freq` first dominates for a whole 100 ms window. */
export function onsetSeconds(pcm: Float32Array, freq: number, candidates: number[]): number {
  for (let i = 0; i + 4410 <= pcm.length; i += 4410)
    if (dominantTone(pcm.subarray(i, i + 4410), candidates) === freq) return i / 44_100;
  return Number.POSITIVE_INFINITY;
}

export function run(cmd: string, args: string[]): { proc: ChildProcess; exited: Promise<number> } {
  const proc = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  proc.stderr?.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
  const exited = new Promise<number>((resolve) =>
    proc.once('exit', (code) => {
      if (code !== 0 && process.env.GRIMNIR_TEST_LOG) console.error(cmd, code, err);
      resolve(code ?? -1);
    }),
  );
  return { proc, exited };
}

export const ffmpegSource = (
  freq: number,
  seconds: number | undefined,
  url: string,
  legacy = false,
) =>
  run('ffmpeg', [
    ...['-v', 'error', '-re', '-f', 'lavfi', '-i', `sine=frequency=${freq}:sample_rate=44100`],
    ...(seconds === undefined ? [] : ['-t', String(seconds)]),
    ...['-ac', '2', '-b:a', '128k', ...(legacy ? ['-legacy_icecast', '1'] : []), '-f', 'mp3'],
    url,
  ]);

export async function nowPlaying(a: OnAir) {
  const res = await a.t.app.inject({
    method: 'GET',
    url: `/api/v1/stations/${a.stationId}/now-playing`,
    headers: a.admin,
  });
  return res.json<{ tier_name: string | null; current: { title: string } | null }>();
}

export const tierIs = (a: OnAir, name: string) =>
  waitFor(
    async () => ((await nowPlaying(a)).tier_name === name ? true : undefined),
    15_000,
    `now-playing tier ${name}`,
  );

export async function sessions(a: OnAir) {
  const res = await a.t.app.inject({
    method: 'GET',
    url: `/api/v1/live/sessions?station_id=${a.stationId}`,
    headers: a.admin,
  });
  return res.json<
    {
      id: string;
      active: boolean;
      end_reason: string | null;
      tier_name: string;
      title: string | null;
      bytes_received: number;
    }[]
  >();
}
