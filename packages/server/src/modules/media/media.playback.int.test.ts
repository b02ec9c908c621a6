import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { addCover, makeAudio } from '../../test-support/audio-fixtures.js';
import type { TestApp } from '../../test-support/app.js';
import { useMediaSuite } from '../../test-support/media-suite.js';
import { uploadMedia, type MediaWorld } from '../../test-support/media.js';

const suite = useMediaSuite('grimnir-media-playback-');
const { uploadTone, get, call } = suite;
let work: string;
let t: TestApp;
let w: MediaWorld;
beforeEach(() => {
  ({ work, t, w } = suite.current());
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
      .set({ analysis_state: 'complete' })
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
      '/api/v1/media/duplicates',
      '/api/v1/media/facets',
      '/api/v1/media/upload',
      '/api/v1/media/{id}',
      '/api/v1/media/{id}/artwork',
      '/api/v1/media/{id}/audio',
      '/api/v1/media/{id}/reanalyze',
      '/api/v1/media/{id}/waveform',
    ]);
  });
});
