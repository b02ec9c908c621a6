import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, buildTestApp, type TestApp } from '../../test-support/app.js';
import { makeAudio } from '../../test-support/audio-fixtures.js';
import { uploadMedia } from '../../test-support/media.js';

// The station's plays as heard, newest first, paged by start time without offsets.

let t: TestApp;
let stationId: string;
let admin: string;
let mediaId: string;
const T0 = Date.parse('2026-12-01T10:00:00.000Z');
const at = (minute: number) => new Date(T0 + minute * 60_000).toISOString();

beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.adminToken();
  stationId = (await t.makeStation(admin)).id;
  const dir = await mkdtemp(join(tmpdir(), 'grimnir-history-'));
  try {
    const file = await makeAudio(dir, 'mp3', {
      seconds: 1,
      tags: { title: 'Tagged', artist: 'The Artist' },
    });
    const res = await uploadMedia(
      t,
      bearer(admin),
      { station_id: stationId },
      { name: 'a.mp3', data: await readFile(file) },
    );
    expect(res.statusCode).toBe(201);
    mediaId = res.json<{ id: string }>().id;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  // 25 plays a minute apart (the director writes these; the test stands in for it). The last
  // is still on air; every fifth is the uploaded item.
  const rows = Array.from({ length: 25 }, (_, i) => ({
    id: randomUUID(),
    station_id: stationId,
    media_id: i % 5 === 0 ? mediaId : null,
    item_id: `item-${i}`,
    title: `Play ${i}`,
    started_at: at(i),
    ended_at: i === 24 ? null : at(i + 1),
    tier: i === 10 ? 0 : 3,
    source: i === 10 ? 'emergency' : 'schedule',
  }));
  await t.database.db.insertInto('play_history').values(rows).execute();
}, 60_000);
afterAll(() => t?.close());

const get = (url: string, token = admin) =>
  t.app.inject({
    method: 'GET',
    url: `/api/v1/stations/${stationId}/history${url}`,
    headers: bearer(token),
  });

describe('GET /api/v1/stations/{id}/history', () => {
  it('answers the last 20 plays, newest first, with tags and tier', async () => {
    const res = await get('');
    expect(res.statusCode).toBe(200);
    const page = res.json<{
      items: { title: string; started_at: string }[];
      next_before: string;
    }>();
    expect(page.items.map((p) => p.title)).toEqual(
      Array.from({ length: 20 }, (_, i) => `Play ${24 - i}`),
    );
    expect(page.items[0]).toMatchObject({
      ended_at: null,
      started_at: at(24),
      tier_name: 'automation',
    });
    expect(page.items[4]).toMatchObject({
      title: 'Play 20',
      artist: 'The Artist',
      media_id: mediaId,
    });
    expect(page.items[14]).toMatchObject({ title: 'Play 10', tier: 0, tier_name: 'emergency' });
    expect(page.next_before).toBe(at(5));
  });

  it('pages back with before, and forward with after', async () => {
    const older = (await get(`?before=${encodeURIComponent(at(5))}&limit=3`)).json<{
      items: { title: string }[];
      next_before: string | null;
    }>();
    expect(older.items.map((p) => p.title)).toEqual(['Play 4', 'Play 3', 'Play 2']);
    expect(older.next_before).toBe(at(2));
    const last = (await get(`?before=${encodeURIComponent(at(2))}`)).json<{
      items: unknown[];
      next_before: string | null;
    }>();
    expect(last.items).toHaveLength(2);
    expect(last.next_before).toBeNull();
    // Another offset for the same instant pages the same way (times are compared as instants).
    const offset = (
      await get(`?before=${encodeURIComponent('2026-12-01T11:05:00+01:00')}&limit=1`)
    ).json<{
      items: { title: string }[];
    }>();
    expect(offset.items.map((p) => p.title)).toEqual(['Play 4']);
    // What is new since play 21: the plays right after it, newest first.
    const newer = (await get(`?after=${encodeURIComponent(at(21))}&limit=2`)).json<{
      items: { title: string }[];
      next_before: null;
    }>();
    expect(newer.items.map((p) => p.title)).toEqual(['Play 23', 'Play 22']);
    expect(newer.next_before).toBeNull();
  });

  it('refuses bad windows, strangers and missing stations', async () => {
    expect((await get(`?after=${at(5)}&before=${at(2)}`)).statusCode).toBe(400);
    expect((await get('?before=yesterday')).statusCode).toBe(400);
    expect((await get('?limit=500')).statusCode).toBe(400);
    const stranger = await t.makeUser({ role: 'viewer' });
    expect((await get('', stranger.token)).statusCode).toBe(403);
    await t.addMember(stationId, stranger.id, 'viewer');
    expect((await get('', stranger.token)).statusCode).toBe(200);
    const missing = await t.app.inject({
      method: 'GET',
      url: `/api/v1/stations/${randomUUID()}/history`,
      headers: bearer(admin),
    });
    expect(missing.statusCode).toBe(404);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/v1/stations/${stationId}/history` }))
        .statusCode,
    ).toBe(401);
  });
});
