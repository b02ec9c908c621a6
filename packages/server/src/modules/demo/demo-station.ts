import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { openAsBlob } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyBaseLogger } from 'fastify';
import type { ApiKeysService } from '../api-keys/index.js';
import type { StationsRepository } from '../stations/index.js';
import type { UsersService } from '../users/index.js';

/** What the demo needs: it creates its station through the API, with a short-lived key. */
interface DemoServices {
  repositories: { stations: Pick<StationsRepository, 'list'> };
  users: Pick<UsersService, 'list'>;
  apiKeys: Pick<ApiKeysService, 'create' | 'revoke'>;
}

const run = promisify(execFile);

/** Generated programme: tones stand in for songs (no copyrighted audio), a spoken station ID. */
const SONGS = [
  { title: 'Low Hum', artist: 'Grimnir Test Signals', freq: 220 },
  { title: 'Concert A', artist: 'Grimnir Test Signals', freq: 440 },
  { title: 'Fifth Above', artist: 'Grimnir Test Signals', freq: 660 },
  { title: 'High Whistle', artist: 'Grimnir Test Signals', freq: 880 },
];
const NAME = 'Grimnir Demo FM';

type ChildEnv = Readonly<Record<string, string>>;

async function makeSong(dir: string, freq: number, env: ChildEnv): Promise<string> {
  const file = join(dir, `${freq}.mp3`);
  // ~30 s: 1300 buffers of 1024 samples at 44.1 kHz.
  await run(
    'gst-launch-1.0',
    [
      '-q',
      'audiotestsrc',
      'num-buffers=1300',
      `freq=${freq}`,
      'volume=0.25',
      '!',
      'audioconvert',
      '!',
      'lamemp3enc',
      'target=bitrate',
      'bitrate=128',
      '!',
      'filesink',
      `location=${file}`,
    ],
    { env },
  );
  return file;
}

async function makeStationId(dir: string, env: ChildEnv): Promise<string | undefined> {
  const file = join(dir, 'station-id.wav');
  try {
    await run(
      'espeak-ng',
      ['-w', file, `You are listening to ${NAME}, broadcast by Grimnir Radio.`],
      { env },
    );
    return file;
  } catch {
    return undefined; // espeak-ng is optional: the demo plays tones only.
  }
}

/**
 * First start of a development install: with no station at all, create a demo station through
 * the public API (as a user would), upload generated audio and build its schedule, so a new user
 * hears something on /stream/{mount} within a minute. Returns the stream's and the public
 * page's URL paths.
 */
export async function createDemoStation(d: {
  services: DemoServices;
  baseUrl: string;
  /** The children's whole environment (config.childEnv): no secret of ours reaches them. */
  childEnv: ChildEnv;
  log: Pick<FastifyBaseLogger, 'info' | 'warn'>;
}): Promise<{ stream: string; page: string } | undefined> {
  if ((await d.services.repositories.stations.list()).length > 0) return undefined;
  const admin = (await d.services.users.list()).find((u) => u.role === 'admin' && u.active);
  if (!admin) return undefined;
  const principal = {
    userId: admin.id,
    username: admin.username,
    role: admin.role,
    via: 'api_key' as const,
  };
  const key = await d.services.apiKeys.create(principal, 'demo station setup', 1, 'demo-setup');
  const dir = await mkdtemp(join(tmpdir(), 'grimnir-demo-'));
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${d.baseUrl}${path}`, {
      ...init,
      headers: { 'x-api-key': key.key, ...(init.headers ?? {}) },
    });
  try {
    const created = await api('/api/v1/stations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: NAME,
        description: 'Generated tones and spoken IDs',
        public: true,
        crossfade_ms: 2000,
      }),
    });
    if (!created.ok) throw new Error(`creating the demo station: ${created.status}`);
    const station = (await created.json()) as { id: string; slug: string };
    const files = [
      ...(await Promise.all(SONGS.map((s) => makeSong(dir, s.freq, d.childEnv)))).map((f, i) => ({
        f,
        ...SONGS[i]!,
      })),
    ];
    const id = await makeStationId(dir, d.childEnv);
    if (id) files.push({ f: id, title: 'Station ID', artist: NAME, freq: 0 });
    for (const file of files) {
      const form = new FormData();
      form.set('station_id', station.id);
      form.set('title', file.title);
      form.set('artist', file.artist);
      form.set('file', await openAsBlob(file.f), file.f.split('/').pop());
      const res = await api('/api/v1/media', { method: 'POST', body: form });
      if (!res.ok) throw new Error(`uploading ${file.title}: ${res.status} ${await res.text()}`);
    }
    await api('/api/v1/schedule/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ station_id: station.id }),
    });
    const mounts = (await (await api(`/api/v1/stations/${station.id}/mounts`)).json()) as {
      name: string;
    }[];
    const mount = mounts[0]?.name;
    d.log.info({ station_id: station.id, mount }, 'demo station created');
    return mount === undefined
      ? undefined
      : { stream: `/stream/${mount}`, page: `/public/${station.slug}` };
  } finally {
    await d.services.apiKeys.revoke(principal, key.id, 'demo-setup').catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}
