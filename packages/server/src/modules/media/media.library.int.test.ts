import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAudio } from '../../test-support/audio-fixtures.js';
import { mediaHarness, type MediaHarness } from '../../test-support/media-harness.js';
import { multipartBody } from '../../test-support/multipart.js';

let work: string;
let h: MediaHarness;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'grimnir-media-library-'));
  h = await mediaHarness(join(work, 'media'));
});
afterAll(async () => {
  await h.close();
  await rm(work, { recursive: true, force: true });
});

let freq = 300;
async function uploadTone(
  stationId: string,
  tags: Record<string, string> = {},
  format: 'mp3' | 'wav' = 'mp3',
) {
  freq += 7;
  const data = await readFile(await makeAudio(work, format, { freq, seconds: 1 }));
  const { payload, headers } = multipartBody(
    { station_id: stationId, ...tags },
    { name: `t${freq}.${format}`, data },
  );
  const res = await h.app.inject({
    method: 'POST',
    url: '/api/v1/media',
    payload,
    headers: { ...headers, ...h.as(stationId, 'dj') },
  });
  expect(res.statusCode).toBe(201);
  return { media: res.json<{ id: string; title: string }>(), data };
}

const get = (url: string, headers: Record<string, string> = {}) =>
  h.app.inject({ method: 'GET', url, headers });

describe('GET /api/v1/media', () => {
  it('searches and pages with an opaque cursor, without overlaps or gaps', async () => {
    const station = h.stationB;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await uploadTone(station, { title: `Blue Song ${i}` })).media.id);
    await uploadTone(station, { title: 'Other', artist: 'BLUE Band' });
    await uploadTone(station, { title: 'Unrelated' });
    const viewer = h.as(station, 'viewer');
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
    const res = await get(
      `/api/v1/media?station_id=${h.stationB}&${extra}`,
      h.as(h.stationB, 'viewer'),
    );
    expect(res.statusCode).toBe(status);
  });

  it('requires station_id and membership of that station', async () => {
    expect((await get('/api/v1/media', h.as(h.stationB, 'viewer'))).statusCode).toBe(400);
    expect(
      (await get(`/api/v1/media?station_id=${h.stationB}`, h.as(h.stationA, 'manager'))).statusCode,
    ).toBe(403);
  });
});

describe('GET/PATCH/DELETE /api/v1/media/{id}', () => {
  it('reads, patches tags and deletes the file with the row', async () => {
    const { media } = await uploadTone(h.stationA);
    const dj = h.as(h.stationA, 'dj');
    expect(
      (await get(`/api/v1/media/${media.id}`, h.as(h.stationA, 'viewer'))).json(),
    ).toMatchObject({ id: media.id });
    const patched = await h.app.inject({
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
    const file = join(h.root, h.stationA, `${media.id}.mp3`);
    expect(await stat(file)).toBeTruthy();
    expect(
      (await h.app.inject({ method: 'DELETE', url: `/api/v1/media/${media.id}`, headers: dj }))
        .statusCode,
    ).toBe(403);
    const del = await h.app.inject({
      method: 'DELETE',
      url: `/api/v1/media/${media.id}`,
      headers: h.as(h.stationA, 'manager'),
    });
    expect(del.statusCode).toBe(204);
    await expect(stat(file)).rejects.toThrow();
    expect((await get(`/api/v1/media/${media.id}`, h.as(h.stationA, 'viewer'))).statusCode).toBe(
      404,
    );
    const audit = await h.handle.db
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

  it('refuses to delete a scheduled item with 409 media_in_use', async () => {
    const { media } = await uploadTone(h.stationA);
    h.scheduled.add(media.id);
    const res = await h.app.inject({
      method: 'DELETE',
      url: `/api/v1/media/${media.id}`,
      headers: h.as(h.stationA, 'manager'),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: 'media_in_use' });
    expect(await stat(join(h.root, h.stationA, `${media.id}.mp3`))).toBeTruthy();
  });

  it.each([
    ['an empty title', { title: '' }],
    ['an unknown field', { storage_path: '/etc/passwd' }],
    ['a wrong type', { year: 'last year' }],
    ['a huge string', { artist: 'x'.repeat(100_000) }],
  ])('refuses a patch with %s (400)', async (_name, payload) => {
    const { media } = await uploadTone(h.stationA);
    const res = await h.app.inject({
      method: 'PATCH',
      url: `/api/v1/media/${media.id}`,
      headers: h.as(h.stationA, 'dj'),
      payload,
    });
    expect(res.statusCode).toBe(400);
  });

  it('keeps other stations out and answers unknown or malformed ids', async () => {
    const { media } = await uploadTone(h.stationA);
    const otherDj = h.as(h.stationB, 'manager');
    expect((await get(`/api/v1/media/${media.id}`, otherDj)).statusCode).toBe(403);
    expect((await get(`/api/v1/media/${media.id}/audio`, otherDj)).statusCode).toBe(403);
    const patch = await h.app.inject({
      method: 'PATCH',
      url: `/api/v1/media/${media.id}`,
      headers: otherDj,
      payload: { title: 'x' },
    });
    expect(patch.statusCode).toBe(403);
    expect(
      (await h.app.inject({ method: 'DELETE', url: `/api/v1/media/${media.id}`, headers: otherDj }))
        .statusCode,
    ).toBe(403);
    expect((await get(`/api/v1/media/${randomUUID()}`, otherDj)).statusCode).toBe(404);
    expect((await get('/api/v1/media/..%2F..%2Fetc%2Fpasswd', otherDj)).statusCode).toBe(400);
  });
});

describe('GET /api/v1/media/{id}/audio', () => {
  it('serves the file whole and in ranges', async () => {
    const { media, data } = await uploadTone(h.stationA, {}, 'wav');
    const viewer = h.as(h.stationA, 'viewer');
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
  });
});

describe('GET /api/v1/media/{id}/waveform', () => {
  it('answers 409 analysis_pending until the engine has written peaks', async () => {
    const { media } = await uploadTone(h.stationA);
    const url = `/api/v1/media/${media.id}/waveform`;
    const viewer = h.as(h.stationA, 'viewer');
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
    await writeFile(join(h.root, h.stationA, `${media.id}.peaks.json`), JSON.stringify(peaks));
    await h.handle.db
      .updateTable('media')
      .set({ analysis_state: 'done' })
      .where('id', '=', media.id)
      .execute();
    const done = await get(url, viewer);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual(peaks);
  });
});
