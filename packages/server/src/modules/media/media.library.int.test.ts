import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { programmingDb } from '../../db/programming-types.js';
import type { TestApp } from '../../test-support/app.js';
import { useMediaSuite } from '../../test-support/media-suite.js';
import type { MediaWorld } from '../../test-support/media.js';

const suite = useMediaSuite('grimnir-media-library-');
const { uploadTone, get, call } = suite;
let t: TestApp;
let w: MediaWorld;
beforeEach(() => {
  ({ t, w } = suite.current());
});

describe('GET /api/v1/media', () => {
  it('searches and pages with an opaque cursor, without overlaps or gaps', async () => {
    const station = w.stationB;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await uploadTone(station, { title: `Blue Song ${i}` })).media.id);
    await uploadTone(station, { title: 'Other', artist: 'BLUE Band' });
    await uploadTone(station, { title: 'Unrelated' });
    const viewer = w.managerB;
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const qs: string = `station_id=${station}&q=blue&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await get(`/api/v1/media?${qs}`, viewer);
      expect(res.statusCode).toBe(200);
      const body = res.json<{
        items: { id: string; title: string }[];
        next_cursor: string | null;
      }>();
      seen.push(...body.items.map((m) => m.title));
      cursor = body.next_cursor;
      pages += 1;
    } while (cursor !== null && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([
      'Other',
      'Blue Song 4',
      'Blue Song 3',
      'Blue Song 2',
      'Blue Song 1',
      'Blue Song 0',
    ]);
  });

  it.each([
    ['a bad cursor', 'cursor=notacursor', 400],
    ['a limit over 200', 'limit=500', 400],
    ['a non-numeric limit', 'limit=ten', 400],
    ['a NUL in the search', 'q=a%00b', 400],
  ])('answers %s with 400', async (_name, extra, status) => {
    const res = await get(`/api/v1/media?station_id=${w.stationB}&${extra}`, w.managerB);
    expect(res.statusCode).toBe(status);
  });

  it('requires station_id and membership of that station', async () => {
    expect((await get('/api/v1/media', w.managerB)).statusCode).toBe(400);
    expect((await get(`/api/v1/media?station_id=${w.stationB}`, w.managerA)).statusCode).toBe(403);
  });
});

describe('GET/PATCH/DELETE /api/v1/media/{id}', () => {
  it('reads, patches tags and deletes the file with the row', async () => {
    const { media } = await uploadTone(w.stationA);
    const dj = w.djA;
    expect((await get(`/api/v1/media/${media.id}`, w.viewerA)).json()).toMatchObject({
      id: media.id,
    });
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/media/${media.id}`,
      headers: dj,
      payload: {
        title: 'Renamed',
        artist: 'Someone',
        isrc: 'us-s1z-99-00001',
        tags: ['a'],
        explicit: true,
      },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      title: 'Renamed',
      artist: 'Someone',
      isrc: 'USS1Z9900001',
      tags: ['a'],
      explicit: true,
    });
    const file = join(t.mediaRoot, w.stationA, `${media.id}.mp3`);
    expect(await stat(file)).toBeTruthy();
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/v1/media/${media.id}`, headers: dj }))
        .statusCode,
    ).toBe(403);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/media/${media.id}`,
      headers: w.managerA,
    });
    expect(del.statusCode).toBe(204);
    await expect(stat(file)).rejects.toThrow();
    expect((await get(`/api/v1/media/${media.id}`, w.viewerA)).statusCode).toBe(404);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', media.id)
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      'media.delete',
      'media.update',
      'media.upload',
    ]);
  });

  it('refuses to delete a scheduled item with 409 media_in_use, until it is unscheduled', async () => {
    const { media } = await uploadTone(w.stationA);
    const pdb = programmingDb(t.database.db);
    const now = Date.now();
    await pdb
      .insertInto('schedule_entries')
      .values({
        id: randomUUID(),
        station_id: w.stationA,
        starts_at: new Date(now + 3_600_000).toISOString(),
        ends_at: new Date(now + 3_700_000).toISOString(),
        source_type: 'media',
        source_id: media.id,
        priority: 0,
        exdates: '[]',
      })
      .execute();
    const refused = await call('DELETE', `/api/v1/media/${media.id}`, w.managerA);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: 'media_in_use' });
    expect(await stat(join(t.mediaRoot, w.stationA, `${media.id}.mp3`))).toBeTruthy();
    await pdb.deleteFrom('schedule_entries').where('source_id', '=', media.id).execute();
    expect((await call('DELETE', `/api/v1/media/${media.id}`, w.managerA)).statusCode).toBe(204);
  });

  it.each([
    ['an empty title', { title: '' }],
    ['an unknown field', { storage_path: '/etc/passwd' }],
    ['a wrong type', { year: 'last year' }],
    ['a huge string', { artist: 'x'.repeat(100_000) }],
    ['a NUL character', { title: 'a\u0000b' }],
    ['a NUL in a tag', { tags: ['x\u0000'] }],
  ])('refuses a patch with %s (400)', async (_name, payload) => {
    const { media } = await uploadTone(w.stationA);
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/media/${media.id}`,
      headers: w.djA,
      payload,
    });
    expect(res.statusCode).toBe(400);
  });

  it('keeps other stations out and answers unknown or malformed ids', async () => {
    const { media } = await uploadTone(w.stationA);
    const otherDj = w.managerB;
    expect((await get(`/api/v1/media/${media.id}`, otherDj)).statusCode).toBe(403);
    expect((await get(`/api/v1/media/${media.id}/audio`, otherDj)).statusCode).toBe(403);
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/media/${media.id}`,
      headers: otherDj,
      payload: { title: 'x' },
    });
    expect(patch.statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/v1/media/${media.id}`, headers: otherDj }))
        .statusCode,
    ).toBe(403);
    expect((await get(`/api/v1/media/${randomUUID()}`, otherDj)).statusCode).toBe(404);
    expect((await get('/api/v1/media/..%2F..%2Fetc%2Fpasswd', otherDj)).statusCode).toBe(400);
  });
});
