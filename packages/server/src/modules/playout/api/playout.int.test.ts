import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { bearer, buildTestApp, type TestApp } from '../../../test-support/app.js';
import { fakeEngine, type FakeEngine } from '../../../test-support/fake-engine.js';
import { programmingDb } from '../../../db/programming-types.js';
import { inMemoryUpcomingItems, type UpcomingItem } from '../ports.js';
import { backToBack, insertMediaRow } from './media-row.fixture.js';

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

const addMedia = (stationId: string, title: string) =>
  insertMediaRow(t.database.db, stationId, title);

interface World {
  fake: FakeEngine;
  station: { id: string };
  admin: string;
  media: string[];
  upcoming: ReturnType<typeof inMemoryUpcomingItems>;
}

async function world(opts: { public?: boolean; withEngine?: boolean } = {}): Promise<World> {
  const fake = fakeEngine(() => Date.now());
  const upcoming = inMemoryUpcomingItems();
  t = await buildTestApp({
    playout: opts.withEngine === false ? {} : { engine: fake.engine, upcoming },
  });
  const admin = await t.adminToken();
  const station = await t.makeStation(admin, { public: opts.public ?? true });
  const media = [await addMedia(station.id, 'One'), await addMedia(station.id, 'Two')];
  const now = Date.now();
  const items: UpcomingItem[] = backToBack(station.id, media, {
    nowMs: now,
    startedAgoMs: 5_000,
    lengthMs: 180_000,
  });
  upcoming.set(items);
  await t.services.playout.director()?.reconcile();
  return { fake, station, admin, media, upcoming };
}

async function userWithRole(stationId: string, role: 'dj' | 'viewer') {
  const u = await t.makeUser({ role: 'dj' });
  await t.addMember(stationId, u.id, role);
  return u.token;
}

describe('playout API', () => {
  it('plays the scheduled item, records history with the engine’s times and shows now playing', async () => {
    const w = await world();
    const history = await waitFor(async () => {
      const rows = await t.services.playout.repo.history(w.station.id, 10);
      return rows.length > 0 ? rows : undefined;
    });
    expect(history[0]).toMatchObject({ media_id: w.media[0], tier: 3, source: 'automation' });
    const load = w.fake.ops(w.station.id).find((o) => o.op === 'load');
    expect(load).toMatchObject({ item: { cueOutMs: 179_000, loudnessLufs: -12 } });
    const media = await t.database.db
      .selectFrom('media')
      .select(['play_count', 'last_played_at'])
      .where('id', '=', w.media[0]!)
      .executeTakeFirstOrThrow();
    expect(media.play_count).toBe(1);
    expect(media.last_played_at).not.toBeNull();

    const np = await t.app.inject({
      url: `/api/v1/stations/${w.station.id}/now-playing`,
      headers: bearer(w.admin),
    });
    expect(np.statusCode).toBe(200);
    expect(np.json()).toMatchObject({
      station_id: w.station.id,
      state: 'playing',
      tier: 3,
      tier_name: 'automation',
      current: { media_id: w.media[0], title: 'Test Artist - One' },
      up_next: [{ media_id: w.media[1], source: 'schedule' }],
    });
    const pub = await t.app.inject({
      url: `/api/v1/public/now-playing?station_id=${w.station.id}`,
    });
    expect(pub.statusCode).toBe(200);
    expect(pub.json().current.media_id).toBe(w.media[0]);
    const anonPrivate = await t.app.inject({
      url: `/api/v1/stations/${w.station.id}/now-playing`,
    });
    expect(anonPrivate.statusCode).toBe(401);
  });

  it('plays what the scheduler materialised in schedule_items', async () => {
    const fake = fakeEngine(() => Date.now());
    t = await buildTestApp({ playout: { engine: fake.engine } });
    const admin = await t.adminToken();
    const station = await t.makeStation(admin);
    const mediaId = await addMedia(station.id, 'Scheduled');
    const now = Date.now();
    await programmingDb(t.database.db)
      .insertInto('schedule_items')
      .values({
        id: 'item-1',
        station_id: station.id,
        starts_at: new Date(now - 2_000).toISOString(),
        ends_at: new Date(now + 178_000).toISOString(),
        kind: 'media',
        media_id: mediaId,
        webstream_id: null,
        label: null,
        cue_in_ms: null,
        cue_out_ms: null,
        fade_in_ms: null,
        fade_out_ms: null,
        source_type: 'media',
        source_id: null,
        entry_id: null,
        clock_id: null,
        segment_key: 'k',
        hard_start: false,
        reason: null,
      })
      .execute();
    await t.services.playout.director()?.reconcile();
    const row = await waitFor(async () =>
      (await t.services.playout.repo.history(station.id, 5)).find((h) => h.media_id === mediaId),
    );
    expect(row.item_id).toBe(`s:item-1:${mediaId}`);
    const load = fake.ops(station.id).find((o) => o.op === 'load');
    // Started two seconds into the item: where the schedule says it should be now.
    expect(load?.op === 'load' && load.item.cueInMs).toBeGreaterThanOrEqual(500 + 1_900);
  });

  it('hides non-public stations from the public now-playing', async () => {
    const w = await world({ public: false });
    const res = await t.app.inject({
      url: `/api/v1/public/now-playing?station_id=${w.station.id}`,
    });
    expect(res.statusCode).toBe(404);
  });

  it('emergency is acknowledged by the engine before the call returns, and releases', async () => {
    const w = await world();
    await waitFor(() => w.fake.station(w.station.id).current);
    const dj = await userWithRole(w.station.id, 'dj');
    const started = Date.now();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/priority/emergency',
      headers: bearer(dj),
      payload: { station_id: w.station.id, media_id: w.media[1] },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ tier: 0, tier_name: 'emergency', on_air: true });
    expect(w.fake.station(w.station.id).state).toBe('emergency');
    // Generous bound for a loaded CI machine; the fake engine answers at once.
    expect(Date.now() - started).toBeLessThan(5_000);
    const id = res.json().id as string;

    const viewer = await userWithRole(w.station.id, 'viewer');
    const cur = await t.app.inject({
      url: `/api/v1/priority/current?station_id=${w.station.id}`,
      headers: bearer(viewer),
    });
    expect(cur.json()).toMatchObject({ tier: 0, source_id: id, state: 'emergency' });
    const denied = await t.app.inject({
      method: 'POST',
      url: '/api/v1/priority/emergency',
      headers: bearer(viewer),
      payload: { station_id: w.station.id, media_id: w.media[1] },
    });
    expect(denied.statusCode).toBe(403);

    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/priority/${id}`,
      headers: bearer(dj),
    });
    expect(del.statusCode).toBe(204);
    expect(w.fake.station(w.station.id).state).toBe('playing');
    const ops = w.fake.ops(w.station.id).map((o) => o.op);
    expect(ops.slice(-3)).toEqual(['load', 'transition', 'releaseEmergency']);
    const after = await t.app.inject({
      url: `/api/v1/priority/current?station_id=${w.station.id}`,
      headers: bearer(viewer),
    });
    expect(after.json()).toMatchObject({ tier: 3, tier_name: 'automation' });
    const actions = (await t.services.audit.list({ stationId: w.station.id, limit: 20 })).map(
      (a) => a.action,
    );
    expect(actions).toEqual(expect.arrayContaining(['priority.emergency', 'priority.release']));
    const missing = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/priority/${randomUUID()}`,
      headers: bearer(dj),
    });
    expect(missing.statusCode).toBe(404);
  });

  it('a live source claims the air and its release resumes automation', async () => {
    const w = await world();
    await waitFor(() => w.fake.station(w.station.id).current);
    const svc = t.services.playout.service;
    const id = await svc.claimLive(w.station.id, 1, null, 'DJ set');
    const cur = await t.app.inject({
      url: `/api/v1/priority/current?station_id=${w.station.id}`,
      headers: bearer(w.admin),
    });
    expect(cur.json()).toMatchObject({ tier: 1, tier_name: 'live_override', state: 'live' });
    await svc.releaseLive(id);
    const after = await t.app.inject({
      url: `/api/v1/priority/current?station_id=${w.station.id}`,
      headers: bearer(w.admin),
    });
    expect(after.json()).toMatchObject({ tier: 3 });
    expect(['playing', 'fading']).toContain(after.json().state);
    expect(w.fake.ops(w.station.id).at(-1)).toMatchObject({ op: 'transition' });
  });

  it('manages the play-next queue with station roles', async () => {
    const w = await world();
    const dj = await userWithRole(w.station.id, 'dj');
    const viewer = await userWithRole(w.station.id, 'viewer');
    const add = (token: string, mediaId: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/playout/queue',
        headers: bearer(token),
        payload: { station_id: w.station.id, media_id: mediaId },
      });
    expect((await add(viewer, w.media[1]!)).statusCode).toBe(403);
    const other = await t.makeStation(w.admin);
    const foreign = await addMedia(other.id, 'Elsewhere');
    expect((await add(dj, foreign)).statusCode).toBe(404);
    const ok = await add(dj, w.media[1]!);
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ media_id: w.media[1], title: 'Test Artist - Two' });
    const list = await t.app.inject({
      url: `/api/v1/playout/queue?station_id=${w.station.id}`,
      headers: bearer(viewer),
    });
    expect(list.json()).toHaveLength(1);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/playout/queue/${ok.json().id}`,
      headers: bearer(dj),
    });
    expect(del.statusCode).toBe(204);
    const empty = await t.app.inject({
      url: `/api/v1/playout/queue?station_id=${w.station.id}`,
      headers: bearer(viewer),
    });
    expect(empty.json()).toEqual([]);
  });

  it('skips through the engine and stops/starts a station', async () => {
    const w = await world();
    await waitFor(() => w.fake.station(w.station.id).current);
    const dj = await userWithRole(w.station.id, 'dj');
    const skip = await t.app.inject({
      method: 'POST',
      url: '/api/v1/playout/skip',
      headers: bearer(dj),
      payload: { station_id: w.station.id },
    });
    expect(skip.statusCode).toBe(204);
    expect(w.fake.ops(w.station.id)).toContainEqual({ op: 'skip' });
    const djStop = await t.app.inject({
      method: 'POST',
      url: `/api/v1/stations/${w.station.id}/playout/stop`,
      headers: bearer(dj),
    });
    expect(djStop.statusCode).toBe(403);
    const stop = await t.app.inject({
      method: 'POST',
      url: `/api/v1/stations/${w.station.id}/playout/stop`,
      headers: bearer(w.admin),
    });
    expect(stop.json()).toMatchObject({ enabled: false, state: 'idle' });
    expect(w.fake.station(w.station.id).state).toBe('stopped');
    expect(t.services.playout.director()?.station(w.station.id)).toBeUndefined();
    const start = await t.app.inject({
      method: 'POST',
      url: `/api/v1/stations/${w.station.id}/playout/start`,
      headers: bearer(w.admin),
    });
    expect(start.json()).toMatchObject({ enabled: true });
    await waitFor(() => w.fake.station(w.station.id).state === 'playing');
  });

  it('with the engine down the API still answers; what needs the engine says it did not acknowledge', async () => {
    const w = await world({ withEngine: false });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/playout/skip',
      headers: bearer(w.admin),
      payload: { station_id: w.station.id },
    });
    expect(res.statusCode).toBe(503);
    expect(res.json().error).toBe('engine_unavailable');
    const em = await t.app.inject({
      method: 'POST',
      url: '/api/v1/priority/emergency',
      headers: bearer(w.admin),
      payload: { station_id: w.station.id, media_id: w.media[0] },
    });
    expect(em.statusCode).toBe(503);
    // The decision is stored: the director applies it once the engine answers.
    expect(await t.services.playout.repo.activeSources(w.station.id)).toHaveLength(1);
    const np = await t.app.inject({
      url: `/api/v1/stations/${w.station.id}/now-playing`,
      headers: bearer(w.admin),
    });
    expect(np.json()).toMatchObject({ state: 'idle', current: null });
  });

  it('skip on a stopped station says playout is unavailable', async () => {
    const w = await world();
    const stop = await t.app.inject({
      method: 'POST',
      url: `/api/v1/stations/${w.station.id}/playout/stop`,
      headers: bearer(w.admin),
    });
    expect(stop.statusCode).toBe(200);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/playout/skip',
      headers: bearer(w.admin),
      payload: { station_id: w.station.id },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toBe('playout_unavailable');
  });
});
