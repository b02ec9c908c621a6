import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../../infra/clock.js';
import { bearer, buildTestApp, type TestApp } from '../../../test-support/app.js';
import { insertMedia, musicLibrary } from '../../../test-support/programming-factories.js';

let t: TestApp;
afterEach(async () => {
  await t.close();
});

const NOW = '2026-06-01T10:07:00.000Z';

async function call(
  token: string,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  payload?: unknown,
) {
  return t.app.inject({
    method,
    url,
    headers: bearer(token),
    ...(payload !== undefined && { payload: payload as Record<string, unknown> }),
  });
}

describe('smart blocks', () => {
  it('creates, reads back normalized rules, previews deterministically with reasons, and deletes', async () => {
    t = await buildTestApp({ clock: manualClock(NOW) });
    const admin = await t.adminToken();
    const station = await t.makeStation(admin);
    await insertMedia(t.database.db, station.id, musicLibrary(30, 4));
    const rules = {
      include: [{ field: 'genre', op: 'eq', value: 'rock' }],
      exclude: [{ field: 'tags', op: 'contains', value: 'jingle' }],
      weights: [{ filter: { field: 'artist', op: 'eq', value: 'Artist 0' }, weight: 5 }],
      quotas: [{ filter: { field: 'artist', op: 'in', value: ['Artist 2', 'Artist 4'] }, max: 1 }],
      separation: { artist_minutes: 30 },
    };
    const created = await call(admin, 'POST', '/api/v1/smart-blocks', {
      station_id: station.id,
      name: 'Rock',
      rules,
    });
    expect(created.statusCode).toBe(201);
    const block = created.json();
    expect(block.rules).toMatchObject({
      ...rules,
      include_mode: 'all',
      tolerance_ms: 10_000,
      separation: { artist_minutes: 30, title_minutes: 0, album_minutes: 0 },
    });
    const ruleRows = await t.database.db
      .selectFrom('smart_block_rules' as never)
      .selectAll()
      .execute();
    expect(ruleRows).toHaveLength(4);
    const preview = (seed: string) =>
      call(admin, 'POST', `/api/v1/smart-blocks/${block.id}/preview`, {
        duration_ms: 900_000,
        seed,
      });
    const p1 = (await preview('a')).json();
    expect(p1.items.length).toBeGreaterThan(2);
    expect(Math.abs(p1.shortfall_ms)).toBeLessThanOrEqual(10_000);
    for (const item of p1.items) expect(item.reason).toContain('matches genre eq "rock"');
    expect((await preview('a')).json()).toEqual(p1);
    const list = await call(admin, 'GET', `/api/v1/smart-blocks?station_id=${station.id}`);
    expect(list.json()).toHaveLength(1);
    const patched = await call(admin, 'PATCH', `/api/v1/smart-blocks/${block.id}`, {
      name: 'Rock 2',
      rules: { include: [] },
    });
    expect(patched.json()).toMatchObject({ name: 'Rock 2', rules: { include: [], weights: [] } });
    expect((await call(admin, 'DELETE', `/api/v1/smart-blocks/${block.id}`)).statusCode).toBe(204);
    expect((await call(admin, 'GET', `/api/v1/smart-blocks/${block.id}`)).statusCode).toBe(404);
  });

  it('rejects invalid rules with a validation error', async () => {
    t = await buildTestApp({ clock: manualClock(NOW) });
    const admin = await t.adminToken();
    const station = await t.makeStation(admin);
    const bad = await call(admin, 'POST', '/api/v1/smart-blocks', {
      station_id: station.id,
      name: 'x',
      rules: { include: [{ field: 'colour', op: 'eq', value: 'red' }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'validation_error' });
  });
});

describe('playlists', () => {
  it('keeps order, cue and fade overrides, and edits items', async () => {
    t = await buildTestApp({ clock: manualClock(NOW) });
    const admin = await t.adminToken();
    const station = await t.makeStation(admin);
    const [a, b, c] = await insertMedia(t.database.db, station.id, [{}, {}, {}]);
    const created = await call(admin, 'POST', '/api/v1/playlists', {
      station_id: station.id,
      name: 'Morning',
      items: [
        { media_id: a, cue_in_ms: 1000, cue_out_ms: 60000, fade_in_ms: 500, fade_out_ms: 2000 },
        { media_id: b },
      ],
    });
    expect(created.statusCode).toBe(201);
    const pl = created.json();
    expect(pl.items).toMatchObject([
      {
        position: 0,
        media_id: a,
        cue_in_ms: 1000,
        cue_out_ms: 60000,
        fade_in_ms: 500,
        fade_out_ms: 2000,
      },
      { position: 1, media_id: b, cue_in_ms: null },
    ]);
    const added = await call(admin, 'POST', `/api/v1/playlists/${pl.id}/items`, {
      media_id: c,
      position: 0,
    });
    expect(added.statusCode).toBe(201);
    expect(added.json().items.map((i: { media_id: string }) => i.media_id)).toEqual([c, a, b]);
    const removed = await call(
      admin,
      'DELETE',
      `/api/v1/playlists/${pl.id}/items/${added.json().items[1].id}`,
    );
    expect(removed.json().items.map((i: { media_id: string }) => i.media_id)).toEqual([c, b]);
    const shuffled = await call(admin, 'PATCH', `/api/v1/playlists/${pl.id}`, { mode: 'shuffled' });
    expect(shuffled.json().mode).toBe('shuffled');
    const other = await t.makeStation(admin);
    const [foreign] = await insertMedia(t.database.db, other.id, [{}]);
    const bad = await call(admin, 'PUT', `/api/v1/playlists/${pl.id}/items`, {
      items: [{ media_id: foreign }],
    });
    expect(bad.statusCode).toBe(400);
    const badCue = await call(admin, 'PUT', `/api/v1/playlists/${pl.id}/items`, {
      items: [{ media_id: a, cue_in_ms: 5000, cue_out_ms: 1000 }],
    });
    expect(badCue.statusCode).toBe(400);
    expect((await call(admin, 'GET', `/api/v1/playlists/${pl.id}/items`)).json()).toHaveLength(2);
  });
});

describe('clocks', () => {
  it('stores slots and hours, refuses broken slots, and simulates one full hour', async () => {
    t = await buildTestApp({ clock: manualClock(NOW) });
    const admin = await t.adminToken();
    const station = await t.makeStation(admin, { timezone: 'Asia/Kolkata' });
    const ids = await insertMedia(t.database.db, station.id, musicLibrary(40, 4));
    const block = (
      await call(admin, 'POST', '/api/v1/smart-blocks', {
        station_id: station.id,
        name: 'All',
        rules: { fillers: [{ field: 'tags', op: 'eq', value: 'jingle' }] },
      })
    ).json();
    const broken = await call(admin, 'POST', '/api/v1/clocks', {
      station_id: station.id,
      name: 'x',
      slots: [{ offset_ms: 0, type: 'smart_block', payload: {} }],
    });
    expect(broken.statusCode).toBe(400);
    const clock = await call(admin, 'POST', '/api/v1/clocks', {
      station_id: station.id,
      name: 'Top of hour',
      hours: [{ days: [1, 2, 3, 4, 5], hours: [6, 7, 8] }],
      slots: [
        { offset_ms: 0, type: 'hard_item', payload: { media_id: ids[ids.length - 1] } },
        { offset_ms: 30_000, type: 'smart_block', payload: { smart_block_id: block.id } },
        {
          offset_ms: 3_300_000,
          type: 'stopset',
          payload: { media_ids: [ids[ids.length - 2], ids[ids.length - 3]] },
        },
      ],
    });
    expect(clock.statusCode).toBe(201);
    expect(clock.json()).toMatchObject({
      hours: [{ days: [1, 2, 3, 4, 5], hours: [6, 7, 8] }],
      slots: [{ offset_ms: 0, type: 'hard_item' }, {}, {}],
    });
    const sim = await call(admin, 'POST', `/api/v1/clocks/${clock.json().id}/simulate`, {
      starts_at: '2026-06-01T06:40:00+05:30',
    });
    expect(sim.statusCode).toBe(200);
    const body = sim.json();
    expect([body.starts_at, body.ends_at]).toEqual([
      '2026-06-01T00:30:00.000Z',
      '2026-06-01T01:30:00.000Z',
    ]);
    expect(body.items[0]).toMatchObject({
      source_type: 'hard_item',
      hard_start: true,
      starts_at: '2026-06-01T00:30:00.000Z',
    });
    let at = Date.parse(body.starts_at);
    for (const item of body.items) {
      expect(Date.parse(item.starts_at)).toBe(at);
      at = Date.parse(item.ends_at);
    }
    expect(at).toBe(Date.parse(body.ends_at));
    expect(body.items.some((i: { source_type: string }) => i.source_type === 'stopset')).toBe(true);
  });
});
