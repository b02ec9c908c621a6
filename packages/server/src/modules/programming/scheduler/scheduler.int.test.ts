import { afterEach, describe, expect, it } from 'vitest';
import { programmingDb } from '../../../db/programming-types.js';
import { manualClock } from '../../../infra/clock.js';
import { bearer, buildTestApp, type TestApp } from '../../../test-support/app.js';
import { insertMedia, musicLibrary } from '../../../test-support/programming-factories.js';

let t: TestApp;
afterEach(async () => {
  await t.close();
});

const H = 3_600_000;
const NOW = '2026-06-01T10:07:00.000Z';

interface Item {
  id: string;
  starts_at: string;
  ends_at: string;
  artist: string | null;
  source_type: string;
}

async function stationWithClock(token: string) {
  const station = await t.makeStation(token, { timezone: 'Europe/London' });
  await insertMedia(t.database.db, station.id, musicLibrary(60, 6));
  const block = await t.app.inject({
    method: 'POST',
    url: '/api/v1/smart-blocks',
    headers: bearer(token),
    payload: {
      station_id: station.id,
      name: 'Daytime',
      rules: {
        include: [{ field: 'tags', op: 'neq', value: 'jingle' }],
        separation: { artist_minutes: 60, title_minutes: 720 },
        tolerance_ms: 10_000,
        fillers: [{ field: 'tags', op: 'eq', value: 'jingle' }],
      },
    },
  });
  expect(block.statusCode).toBe(201);
  const clock = await t.app.inject({
    method: 'POST',
    url: '/api/v1/clocks',
    headers: bearer(token),
    payload: {
      station_id: station.id,
      name: 'Four blocks',
      hours: [{ days: [1, 2, 3, 4, 5, 6, 7], hours: Array.from({ length: 24 }, (_, h) => h) }],
      slots: [0, 15, 30, 45].map((m) => ({
        offset_ms: m * 60_000,
        type: 'smart_block',
        payload: { smart_block_id: block.json().id },
      })),
    },
  });
  expect(clock.statusCode).toBe(201);
  return {
    station,
    blockId: block.json<{ id: string }>().id,
    clockId: clock.json<{ id: string }>().id,
  };
}

describe('scheduler through the API', () => {
  it('materializes 48 h with no gap, no overlap and no artist inside its separation; a second refresh writes nothing', async () => {
    const clock = manualClock(NOW);
    t = await buildTestApp({ clock });
    const admin = await t.adminToken();
    const { station } = await stationWithClock(admin);
    const first = await t.app.inject({
      method: 'POST',
      url: '/api/v1/schedule/refresh',
      headers: bearer(admin),
      payload: { station_id: station.id },
    });
    expect(first.statusCode).toBe(200);
    expect(first.json().inserted).toBeGreaterThan(500);
    const end = new Date(Date.parse(NOW) + 48 * H).toISOString();
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/schedule?station_id=${station.id}&start=${NOW}&end=${end}&limit=2000`,
      headers: bearer(admin),
    });
    expect(res.statusCode).toBe(200);
    const items = res.json<Item[]>();
    let at = Date.parse(items[0]!.starts_at);
    expect(at).toBeLessThanOrEqual(Date.parse(NOW));
    const lastByArtist = new Map<string, number>();
    for (const item of items) {
      expect(Date.parse(item.starts_at)).toBe(at);
      at = Date.parse(item.ends_at);
      if (item.source_type !== 'smart_block' || item.artist === null) continue;
      const prev = lastByArtist.get(item.artist);
      if (prev !== undefined)
        expect(Date.parse(item.starts_at) - prev).toBeGreaterThanOrEqual(60 * 60_000);
      lastByArtist.set(item.artist, Date.parse(item.starts_at));
    }
    expect(at).toBeGreaterThanOrEqual(Date.parse(end));
    const validate = await t.app.inject({
      method: 'GET',
      url: `/api/v1/schedule/validate?station_id=${station.id}&start=${NOW}&end=${end}`,
      headers: bearer(admin),
    });
    expect(validate.json()).toMatchObject({
      ok: true,
      gaps: [],
      overlaps: [],
      entry_conflicts: [],
    });
    const second = await t.app.inject({
      method: 'POST',
      url: '/api/v1/schedule/refresh',
      headers: bearer(admin),
      payload: { station_id: station.id },
    });
    expect(second.json()).toMatchObject({ inserted: 0, removed: 0 });
  });

  it('keeps aired items and re-plans the future when the programme changes', async () => {
    const clock = manualClock(NOW);
    t = await buildTestApp({ clock });
    const admin = await t.adminToken();
    const { station, blockId } = await stationWithClock(admin);
    await t.programming.scheduler.refresh({ id: station.id, timezone: 'Europe/London' });
    const before = await t.programming.repos.schedule.itemsFrom(station.id, NOW);
    clock.advance(20 * 60_000);
    const now = clock.now().getTime();
    // Access tokens are short-lived; the manual clock moved past the first one.
    const fresh = (await t.makeUser({ role: 'admin' })).token;
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/smart-blocks/${blockId}`,
      headers: bearer(fresh),
      payload: {
        rules: {
          include: [{ field: 'genre', op: 'eq', value: 'rock' }],
          separation: { artist_minutes: 60 },
        },
      },
    });
    expect(patch.statusCode).toBe(200);
    const r = await t.programming.scheduler.refresh({ id: station.id, timezone: 'Europe/London' });
    expect(r.removed).toBeGreaterThan(0);
    const after = await t.programming.repos.schedule.itemsFrom(station.id, NOW);
    const aired = before.filter((i) => i.startMs < now);
    expect(after.slice(0, aired.length)).toEqual(aired);
    const future = after.filter((i) => i.startMs >= now && i.sourceType === 'smart_block');
    expect(future.length).toBeGreaterThan(10);
  });

  it('ticks on the leader, skips unchanged stations, rebuilds changed ones, and counts it all', async () => {
    t = await buildTestApp({ clock: manualClock(NOW) });
    const admin = await t.adminToken();
    const { station, blockId } = await stationWithClock(admin);
    // Consoles redraw the calendar on schedule_update: once per changed plan, and per refresh.
    const updates: string[] = [];
    t.realtime.events.subscribe((e) => {
      if (e.type === 'schedule_update' && e.payload.station_id === station.id)
        updates.push(e.payload.reason);
    });
    const builds = async () =>
      /grimnir_scheduler_build_duration_seconds_count\{station_id="[^"]+"\} (\d+)/.exec(
        await t.metrics.registry.metrics(),
      )?.[1];
    await t.programming.scheduler.tick();
    await t.programming.scheduler.tick();
    const text = await t.metrics.registry.metrics();
    expect(text).toMatch(/grimnir_scheduler_ticks_total 2/);
    expect(text).toMatch(/grimnir_schedule_entries_total 0/);
    expect(await builds()).toBe('1');
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/smart-blocks/${blockId}`,
      headers: bearer(admin),
      payload: { name: 'Renamed but same rules' },
    });
    expect(patch.statusCode).toBe(200);
    await t.programming.scheduler.tick();
    expect(await builds()).toBe('1');
    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/smart-blocks/${blockId}`,
      headers: bearer(admin),
      payload: { rules: { tolerance_ms: 5_000 } },
    });
    await t.programming.scheduler.tick();
    expect(await builds()).toBe('2');
    expect(await t.metrics.registry.metrics()).not.toMatch(/^grimnir_scheduler_errors_total\{/m);
    const refresh = await t.app.inject({
      method: 'POST',
      url: '/api/v1/schedule/refresh',
      headers: bearer(admin),
      payload: { station_id: station.id },
    });
    expect(refresh.statusCode).toBe(200);
    expect(updates).toEqual(['plan_changed', 'plan_changed', 'refresh']);
  });

  it('builds several stations in one tick, side by side, each from its own programme', async () => {
    t = await buildTestApp({ clock: manualClock(NOW) });
    const admin = await t.adminToken();
    const stations = [];
    for (let i = 0; i < 4; i++) stations.push((await stationWithClock(admin)).station);
    await t.programming.scheduler.tick();
    const text = await t.metrics.registry.metrics();
    expect(text.match(/grimnir_scheduler_build_duration_seconds_count\{/g)).toHaveLength(4);
    expect(text).not.toMatch(/^grimnir_scheduler_errors_total\{/m);
    const end = new Date(Date.parse(NOW) + 48 * H).toISOString();
    for (const station of stations) {
      const own = await t.database.db
        .selectFrom('media')
        .select('id')
        .where('station_id', '=', station.id)
        .execute();
      const ids = new Set(own.map((m) => m.id));
      const items = await programmingDb(t.database.db)
        .selectFrom('schedule_items')
        .select(['media_id'])
        .where('station_id', '=', station.id)
        .execute();
      expect(items.length).toBeGreaterThan(500);
      // Interleaved builds never mix libraries.
      expect(items.filter((i) => i.media_id !== null && !ids.has(i.media_id))).toEqual([]);
      const validate = await t.app.inject({
        method: 'GET',
        url: `/api/v1/schedule/validate?station_id=${station.id}&start=${NOW}&end=${end}`,
        headers: bearer(admin),
      });
      expect(validate.json()).toMatchObject({ ok: true, gaps: [], overlaps: [] });
    }
  });
});
