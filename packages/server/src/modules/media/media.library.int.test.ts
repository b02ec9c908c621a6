import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addCover, makeAudio } from '../../test-support/audio-fixtures.js';
import { buildTestApp, type TestApp } from '../../test-support/app.js';
import { mediaWorld, uploadMedia, type MediaWorld } from '../../test-support/media.js';
import { createMediaService } from './media.service.js';

let work: string;
let t: TestApp;
let w: MediaWorld;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'grimnir-media-library-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});
beforeEach(async () => {
  t = await buildTestApp();
  w = await mediaWorld(t);
});
afterEach(async () => {
  await t.close();
});

let freq = 300;
async function uploadTone(
  stationId: string,
  tags: Record<string, string> = {},
  format: 'mp3' | 'wav' = 'mp3',
) {
  freq += 7;
  const data = await readFile(await makeAudio(work, format, { freq, seconds: 1 }));
  const auth = stationId === w.stationA ? w.djA : w.djB;
  const res = await uploadMedia(
    t,
    auth,
    { station_id: stationId, ...tags },
    { name: `t${freq}.${format}`, data },
  );
  expect(res.statusCode).toBe(201);
  return { media: res.json<{ id: string; title: string }>(), data };
}

const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers });
const call = (
  method: 'PATCH' | 'DELETE',
  url: string,
  headers: Record<string, string>,
  payload?: object,
) => t.app.inject({ method, url, headers, ...(payload && { payload }) });

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

  it('refuses to delete a scheduled item with 409 media_in_use (schedule hook)', async () => {
    const { media } = await uploadTone(w.stationA);
    const s = t.services;
    const scheduled = createMediaService({
      db: t.database.db,
      repo: s.repositories.media,
      access: s.access,
      audit: s.audit,
      clock: s.clock,
      mediaRoot: t.mediaRoot,
      maxUploadBytes: t.config.maxUploadBytes,
      isScheduled: (id) => Promise.resolve(id === media.id),
    });
    const manager = await t.makeUser({ role: 'manager' });
    await t.addMember(w.stationA, manager.id, 'manager');
    const c = {
      principal: {
        userId: manager.id,
        username: manager.username,
        role: 'manager' as const,
        via: 'jwt' as const,
      },
      requestId: 'r1',
      ip: '127.0.0.1',
    };
    await expect(scheduled.remove(c, media.id)).rejects.toMatchObject({
      statusCode: 409,
      code: 'media_in_use',
    });
    expect(await stat(join(t.mediaRoot, w.stationA, `${media.id}.mp3`))).toBeTruthy();
    // Without the hook (the app's wiring until the schedule module exists) the same delete succeeds.
    expect((await call('DELETE', `/api/v1/media/${media.id}`, w.managerA)).statusCode).toBe(204);
  });

  it.each([
    ['an empty title', { title: '' }],
    ['an unknown field', { storage_path: '/etc/passwd' }],
    ['a wrong type', { year: 'last year' }],
    ['a huge string', { artist: 'x'.repeat(100_000) }],
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

describe('GET /api/v1/media/{id}/audio', () => {
  it('serves the file whole and in ranges', async () => {
    const { media, data } = await uploadTone(w.stationA, {}, 'wav');
    const viewer = w.viewerA;
    const url = `/api/v1/media/${media.id}/audio`;
    const full = await get(url, viewer);
    expect(full.statusCode).toBe(200);
    expect(full.headers).toMatchObject({
      'accept-ranges': 'bytes',
      'content-type': 'audio/wav',
      'content-length': String(data.length),
    });
    expect(full.rawPayload.equals(data)).toBe(true);
    const cases: [string, number, number][] = [
      ['bytes=0-99', 0, 99],
      ['bytes=100-', 100, data.length - 1],
      ['bytes=-50', data.length - 50, data.length - 1],
    ];
    for (const [range, start, end] of cases) {
      const res = await get(url, { ...viewer, range });
      expect(res.statusCode).toBe(206);
      expect(res.headers['content-range']).toBe(`bytes ${start}-${end}/${data.length}`);
      expect(res.headers['content-length']).toBe(String(end - start + 1));
      expect(res.rawPayload.equals(data.subarray(start, end + 1))).toBe(true);
    }
    const unsat = await get(url, { ...viewer, range: `bytes=${data.length}-` });
    expect(unsat.statusCode).toBe(416);
    expect(unsat.headers['content-range']).toBe(`bytes */${data.length}`);
    const stale = await get(url, { ...viewer, range: 'bytes=0-9', 'if-range': '"stale"' });
    expect(stale.statusCode).toBe(200);
    const head = await t.app.inject({ method: 'HEAD', url, headers: viewer });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-length']).toBe(String(data.length));
    expect(head.rawPayload.length).toBe(0);
  });
});

describe('GET /api/v1/media/{id}/waveform', () => {
  it('answers 409 analysis_pending until the engine has written peaks', async () => {
    const { media } = await uploadTone(w.stationA);
    const url = `/api/v1/media/${media.id}/waveform`;
    const viewer = w.viewerA;
    const pending = await get(url, viewer);
    expect(pending.statusCode).toBe(409);
    expect(pending.json()).toMatchObject({ error: 'analysis_pending' });
    const peaks = {
      media_id: media.id,
      duration_ms: 1000,
      buckets_per_second: 2,
      peaks: [
        [-0.5, 0.5],
        [-0.25, 0.25],
      ],
    };
    await writeFile(join(t.mediaRoot, w.stationA, `${media.id}.peaks.json`), JSON.stringify(peaks));
    await t.database.db
      .updateTable('media')
      .set({ analysis_state: 'done' })
      .where('id', '=', media.id)
      .execute();
    const done = await get(url, viewer);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual(peaks);
  });
});

describe('GET /api/v1/media/{id}/artwork', () => {
  it('serves embedded cover art and removes it with the item', async () => {
    const plain = await makeAudio(work, 'mp3', { freq: 880, name: 'plain.mp3' });
    const data = await readFile(await addCover(plain, join(work, 'covered.mp3')));
    const res = await uploadMedia(
      t,
      w.djA,
      { station_id: w.stationA },
      { name: 'covered.mp3', data },
    );
    expect(res.statusCode).toBe(201);
    const { id, has_artwork } = res.json<{ id: string; has_artwork: boolean }>();
    expect(has_artwork).toBe(true);
    const art = await get(`/api/v1/media/${id}/artwork`, w.viewerA);
    expect(art.statusCode).toBe(200);
    expect(art.headers['content-type']).toBe('image/png');
    expect(art.rawPayload.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect((await call('DELETE', `/api/v1/media/${id}`, w.managerA)).statusCode).toBe(204);
    expect(await readdir(join(t.mediaRoot, w.stationA))).toEqual([]);
  });

  it('answers 404 for an item without artwork', async () => {
    const { media } = await uploadTone(w.stationA);
    expect((await get(`/api/v1/media/${media.id}/artwork`, w.viewerA)).statusCode).toBe(404);
  });
});

describe('OpenAPI', () => {
  it('documents every media route', async () => {
    const doc = (await get('/api/v1/openapi.json')).json<{ paths: Record<string, object> }>();
    expect(
      Object.keys(doc.paths)
        .filter((p) => p.startsWith('/api/v1/media'))
        .sort(),
    ).toEqual([
      '/api/v1/media',
      '/api/v1/media/upload',
      '/api/v1/media/{id}',
      '/api/v1/media/{id}/artwork',
      '/api/v1/media/{id}/audio',
      '/api/v1/media/{id}/waveform',
    ]);
  });
});
