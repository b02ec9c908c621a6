import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AzuraNowPlaying, AzuraScheduleItem, IcecastStatus } from '@grimnir/contracts';
import { buildTestApp, type TestApp } from '../../test-support/app.js';
import { fakeEngine } from '../../test-support/fake-engine.js';
import { inMemoryUpcomingItems } from '../playout/ports.js';
import { backToBack } from '../playout/api/media-row.fixture.js';

let t: TestApp;
afterEach(async () => {
  await t.close();
});

async function waitFor<T>(fn: () => Promise<T | undefined> | T | undefined, ms = 10_000) {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function addMedia(stationId: string, title: string, extra: Record<string, unknown> = {}) {
  const id = randomUUID();
  await t.database.db
    .insertInto('media')
    .values({
      id,
      station_id: stationId,
      title,
      artist: 'Test Artist',
      album: 'Test Album',
      isrc: 'USRC17607839',
      tags: '[]',
      duration_ms: 180_000,
      original_filename: `${title}.mp3`,
      storage_path: `${stationId}/${id}.mp3`,
      mime_type: 'audio/mpeg',
      size_bytes: 1000,
      content_hash: id,
      analysis_state: 'complete',
      play_count: 0,
      ...extra,
    })
    .execute();
  return id;
}

async function onAir(opts: { public: boolean }) {
  const fake = fakeEngine(() => Date.now());
  const upcoming = inMemoryUpcomingItems();
  t = await buildTestApp({ playout: { engine: fake.engine, upcoming } });
  const admin = await t.adminToken();
  const station = await t.makeStation(admin, { public: opts.public, description: 'Tones all day' });
  const media = [await addMedia(station.id, 'One'), await addMedia(station.id, 'Two')];
  const now = Date.now();
  upcoming.set(
    backToBack(station.id, media, { nowMs: now, startedAgoMs: 5_000, lengthMs: 180_000 }),
  );
  await t.services.playout.director()?.reconcile();
  return { station, media, admin };
}

const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { host: 'radio.test' } });

describe('AzuraCast-compatible now playing', () => {
  it('answers in AzuraCast’s shape, field by field, with what is on air', async () => {
    const w = await onAir({ public: true });
    const doc = await waitFor(async () => {
      const res = await get(`/api/nowplaying/${w.station.slug}`);
      expect(res.statusCode).toBe(200);
      const body = AzuraNowPlaying.parse(res.json());
      return body.is_online ? body : undefined;
    });
    expect(doc.station).toMatchObject({
      name: w.station.name,
      shortcode: w.station.slug,
      description: 'Tones all day',
      is_public: true,
      public_player_url: `http://radio.test/public/${w.station.slug}`,
    });
    expect(doc.station.mounts.filter((m) => m.is_default)).toHaveLength(
      Math.min(1, doc.station.mounts.length),
    );
    expect(doc.now_playing?.song).toMatchObject({
      text: 'Test Artist - One',
      artist: 'Test Artist',
      title: 'One',
      album: 'Test Album',
      isrc: 'USRC17607839',
      art: `http://radio.test/api/station/${w.station.slug}/art/default`,
    });
    expect(doc.now_playing?.song.id).toMatch(/^[0-9a-f]{32}$/);
    expect(doc.now_playing?.duration).toBeGreaterThan(0);
    expect(doc.now_playing!.elapsed + doc.now_playing!.remaining).toBe(doc.now_playing!.duration);
    expect(doc.playing_next?.song.title).toBe('Two');
    expect(doc.live).toEqual({
      is_live: false,
      streamer_name: '',
      broadcast_start: null,
      art: null,
    });
    expect(doc.listeners).toEqual({ total: 0, unique: 0, current: 0 });

    // The same document by AzuraCast's integer id, and in the list of every public station.
    const byId = await get(`/api/nowplaying/${doc.station.id}`);
    expect(byId.json<AzuraNowPlaying>().station.shortcode).toBe(w.station.slug);
    const all = await get('/api/nowplaying');
    expect(all.headers['access-control-allow-origin']).toBe('*');
    const list = all.json<AzuraNowPlaying[]>().map((d) => AzuraNowPlaying.parse(d));
    expect(list.map((d) => d.station.shortcode)).toContain(w.station.slug);

    // The default art is an image any site may show.
    const art = await get(`/api/station/${w.station.slug}/art/default`);
    expect(art.statusCode).toBe(200);
    expect(art.headers['content-type']).toContain('image/svg+xml');
    expect(art.headers['cross-origin-resource-policy']).toBe('cross-origin');
    const redirect = await get(`/api/nowplaying/${w.station.slug}/art`);
    expect(redirect.statusCode).toBe(302);
    expect(redirect.headers.location).toBe(doc.now_playing?.song.art);
  });

  it('a skip reaches song_history and the live push without polling', async () => {
    const w = await onAir({ public: true });
    await waitFor(
      async () =>
        (await get(`/api/nowplaying/${w.station.slug}`)).json<AzuraNowPlaying>().is_online,
    );
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as { port: number };
    const ac = new AbortController();
    const res = await fetch(
      `http://127.0.0.1:${port}/api/v1/public/events?station=${w.station.slug}`,
      {
        signal: ac.signal,
      },
    );
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    let buffered = '';
    const next = async (): Promise<AzuraNowPlaying> => {
      for (;;) {
        const end = buffered.indexOf('\n\n');
        if (end >= 0) {
          const block = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (data) return AzuraNowPlaying.parse(JSON.parse(data));
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffered += Buffer.from(value).toString('utf8');
      }
    };
    const first = await next();
    expect(first.now_playing?.song.title).toBe('One');
    const skip = await t.app.inject({
      method: 'POST',
      url: '/api/v1/playout/skip',
      headers: { authorization: `Bearer ${w.admin}` },
      payload: { station_id: w.station.id },
    });
    expect(skip.statusCode).toBe(204);
    // A new play (whatever the director chose to follow) is pushed without being asked for,
    // and the one skipped is now the first of the history.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('the push never announced the next play')), 10_000);
    });
    let after: AzuraNowPlaying;
    do after = await Promise.race([next(), timeout]);
    while (after.now_playing?.sh_id === first.now_playing?.sh_id);
    clearTimeout(timer);
    expect(after.is_online).toBe(true);
    expect(after.song_history[0]).toMatchObject({
      sh_id: first.now_playing?.sh_id,
      played_at: first.now_playing?.played_at,
      song: { title: 'One', artist: 'Test Artist' },
    });
    const polled = (await get(`/api/nowplaying/${w.station.slug}`)).json<AzuraNowPlaying>();
    expect(polled.now_playing?.sh_id).toBe(after.now_playing?.sh_id);
    ac.abort();
  });

  it('a private station does not exist on the listeners’ side', async () => {
    const w = await onAir({ public: false });
    for (const url of [
      `/api/nowplaying/${w.station.slug}`,
      `/api/nowplaying/${w.station.slug}/art`,
      `/api/station/${w.station.slug}/art/default`,
      `/api/station/${w.station.slug}/art/${w.media[0]}`,
      `/api/v1/public/events?station=${w.station.slug}`,
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json()).toMatchObject({ error: 'not_found', request_id: expect.any(String) });
    }
    const all = (await get('/api/nowplaying')).json<AzuraNowPlaying[]>();
    expect(all.map((d) => d.station.shortcode)).not.toContain(w.station.slug);
    const status = IcecastStatus.parse((await get('/status-json.xsl')).json());
    const sources = [status.icestats.source ?? []].flat();
    expect(sources.map((s) => s.server_name)).not.toContain(w.station.name);
  });

  it('serves Icecast’s status document for the public mounts', async () => {
    const w = await onAir({ public: true });
    const res = await get('/status-json.xsl');
    expect(res.statusCode).toBe(200);
    const status = IcecastStatus.parse(res.json());
    expect(status.icestats.server_id).toBe('Grimnir Radio');
    const sources = [status.icestats.source ?? []].flat();
    const mine = sources.filter((s) => s.server_name === w.station.name);
    expect(mine.length).toBeGreaterThan(0);
    for (const s of mine) {
      expect(s.listenurl).toMatch(/^http:\/\/radio\.test\/stream\//);
      expect(s.listeners).toBe(0);
    }
  });
});

describe('the public schedule', () => {
  it('lists shows and named entries of the week, AzuraCast-shaped, for public stations only', async () => {
    const { station, admin } = await onAir({ public: true });
    const auth = { authorization: `Bearer ${admin}` };
    const hour = 3_600_000;
    const tomorrow = Math.ceil(Date.now() / hour) * hour + 24 * hour;
    const playlist = await t.app.inject({
      method: 'POST',
      url: '/api/v1/playlists',
      headers: auth,
      payload: { station_id: station.id, name: 'Night Mix' },
    });
    expect(playlist.statusCode).toBe(201);
    const created = await Promise.all([
      t.app.inject({
        method: 'POST',
        url: '/api/v1/shows',
        headers: auth,
        payload: {
          station_id: station.id,
          name: 'Morning Tones',
          host: 'Ada',
          description: 'Sine waves with coffee',
          starts_at: new Date(tomorrow).toISOString(),
          duration_ms: hour,
          rrule: 'FREQ=WEEKLY',
        },
      }),
      t.app.inject({
        method: 'POST',
        url: '/api/v1/schedule',
        headers: auth,
        payload: {
          station_id: station.id,
          starts_at: new Date(tomorrow + 2 * hour).toISOString(),
          ends_at: new Date(tomorrow + 4 * hour).toISOString(),
          source: { type: 'playlist', id: playlist.json().id },
        },
      }),
    ]);
    expect(created.map((c) => c.statusCode)).toEqual([201, 201]);

    const res = await get(`/api/station/${station.slug}/schedule`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const body = z.array(AzuraScheduleItem).parse(res.json());
    expect(body.map((b) => [b.title, b.type, b.start, b.is_now])).toEqual([
      ['Morning Tones with Ada', 'streamer', new Date(tomorrow).toISOString(), false],
      ['Night Mix', 'playlist', new Date(tomorrow + 2 * hour).toISOString(), false],
    ]);
    expect(body[0]?.description).toBe('Sine waves with coffee');
    expect((await get(`/api/station/${station.slug}/schedule?rows=1`)).json()).toHaveLength(1);
    expect((await get(`/api/station/${station.slug}/schedule?rows=0`)).statusCode).toBe(400);

    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/stations/${station.id}`,
      headers: auth,
      payload: { public: false },
    });
    const hidden = await get(`/api/station/${station.slug}/schedule`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json()).toMatchObject({ error: 'not_found' });
  });
});
