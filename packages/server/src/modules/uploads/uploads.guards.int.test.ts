import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test-support/app.js';
import { makeAudio } from '../../test-support/audio-fixtures.js';
import { mediaWorld } from '../../test-support/media.js';
import { createUpload, headUpload, patchUpload, TUS, tusMetadata } from '../../test-support/tus.js';

// Issue 12: resumable uploads get the checks of POST /api/v1/media, before a byte is stored.

let work: string;
let mp3: Buffer;
let t: TestApp | undefined;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'grimnir-tus-'));
  mp3 = await readFile(await makeAudio(work, 'mp3', { freq: 440, seconds: 1 }));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const tusDir = (app: TestApp) => join(app.mediaRoot, '.tmp', 'tus');
const stored = async (app: TestApp) => (await readdir(tusDir(app)).catch(() => [])).length;

describe('resumable upload guards', () => {
  it('refuses bad metadata, lengths and roles before creating anything', async () => {
    t = await buildTestApp({ env: { GRIMNIR_MAX_UPLOAD_MB: '1' } });
    const w = await mediaWorld(t);
    const ok = { station_id: w.stationA, filename: 'a.mp3' };
    const cases: [Record<string, string>, string, number, number, string][] = [
      [w.djA, '', 10, 400, 'invalid_upload_metadata'],
      [w.djA, 'station_id !!!', 10, 400, 'invalid_upload_metadata'],
      [w.djA, tusMetadata({ ...ok, title: 'a\u0000b' }), 10, 400, 'invalid_upload_metadata'],
      [
        w.djA,
        tusMetadata({ ...ok, title: 'x'.repeat(20_000) }),
        10,
        400,
        'invalid_upload_metadata',
      ],
      [w.djA, tusMetadata({ ...ok, owner: 'me' }), 10, 400, 'invalid_upload_metadata'],
      [w.djA, tusMetadata({ station_id: w.stationA }), 10, 400, 'invalid_upload_metadata'],
      [w.djA, tusMetadata({ ...ok, station_id: 'nope' }), 10, 400, 'validation_error'],
      [w.djA, tusMetadata({ ...ok, colour: 'red' }), 10, 400, 'validation_error'],
      [w.djA, tusMetadata(ok), 2 * 1024 * 1024, 413, 'payload_too_large'],
      [w.viewerA, tusMetadata(ok), 10, 403, 'forbidden'],
      [w.djB, tusMetadata(ok), 10, 403, 'forbidden'],
    ];
    for (const [auth, metadata, length, status, code] of cases) {
      const res = await createUpload(t, auth, metadata, length);
      expect(res.statusCode, metadata.slice(0, 80)).toBe(status);
      expect(res.json()).toMatchObject({ error: code, request_id: expect.any(String) });
    }
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/v1/uploads', headers: TUS });
    expect(anonymous.statusCode).toBe(401);
    expect(existsSync(join(t.mediaRoot, '.tmp'))).toBe(false);
  });

  it('hides an upload from everyone but its owner (404), and a viewer cannot patch', async () => {
    t = await buildTestApp();
    const w = await mediaWorld(t);
    const created = await createUpload(
      t,
      w.djA,
      tusMetadata({ station_id: w.stationA, filename: 'a.mp3' }),
      mp3.length,
    );
    expect(created.statusCode).toBe(201);
    const location = created.headers.location as string;
    expect(location).toMatch(/^\/api\/v1\/uploads\/[0-9a-f-]{36}$/);
    for (const other of [w.managerA, w.managerB, w.viewerA]) {
      expect((await headUpload(t, other, location)).statusCode).toBe(404);
      const res = await patchUpload(t, other, location, 0, mp3);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ error: 'not_found', request_id: expect.any(String) });
      const del = await t.app.inject({
        method: 'DELETE',
        url: location,
        headers: { ...TUS, ...other },
      });
      expect(del.statusCode).toBe(404);
      const media = await t.app.inject({ method: 'GET', url: `${location}/media`, headers: other });
      expect(media.statusCode).toBe(404);
    }
    const head = await headUpload(t, w.djA, location);
    expect(head.statusCode).toBe(200);
    expect(head.headers['upload-offset']).toBe('0');
    expect(head.headers['upload-expires']).toBeUndefined();
    const pending = await t.app.inject({ method: 'GET', url: `${location}/media`, headers: w.djA });
    expect(pending.statusCode).toBe(409);
    expect(pending.json()).toMatchObject({ error: 'upload_incomplete' });
    // Cancelled by its owner: gone.
    const del = await t.app.inject({
      method: 'DELETE',
      url: location,
      headers: { ...TUS, ...w.djA },
    });
    expect(del.statusCode).toBe(204);
    expect((await headUpload(t, w.djA, location)).statusCode).toBe(404);
  });

  it('answers 507 before creating an upload when the media disk is short', async () => {
    t = await buildTestApp({ env: { GRIMNIR_MEDIA_MIN_FREE_MB: '10000000' } });
    const w = await mediaWorld(t);
    const meta = tusMetadata({ station_id: w.stationA, filename: 'a.mp3' });
    const res = await createUpload(t, w.djA, meta, mp3.length);
    expect(res.statusCode).toBe(507);
    expect(res.json()).toMatchObject({
      error: 'insufficient_storage',
      message: expect.stringContaining('not enough free space'),
    });
    expect(await stored(t)).toBe(0);
    // The role comes first: a viewer learns nothing about the disk.
    expect((await createUpload(t, w.viewerA, meta, mp3.length)).statusCode).toBe(403);
  });

  it('caps the bytes a user sends at once (429), shared with multipart uploads', async () => {
    t = await buildTestApp({ env: { GRIMNIR_MAX_CONCURRENT_UPLOADS_PER_USER: '1' } });
    const app = t;
    const w = await mediaWorld(app);
    const meta = tusMetadata({ station_id: w.stationA, filename: 'a.mp3' });
    const one = (await createUpload(app, w.djA, meta, mp3.length)).headers.location as string;
    const two = (await createUpload(app, w.djA, meta, mp3.length)).headers.location as string;
    const body = new PassThrough();
    const first = app.app.inject({
      method: 'PATCH',
      url: one,
      headers: {
        ...TUS,
        ...w.djA,
        'upload-offset': '0',
        'content-type': 'application/offset+octet-stream',
        'content-length': String(mp3.length),
      },
      payload: body,
    });
    body.write(mp3.subarray(0, mp3.length >> 1));
    const file = join(tusDir(app), one.split('/').pop() as string);
    for (let i = 0; i < 200; i++) {
      if ((await readFile(file).catch(() => Buffer.alloc(0))).length > 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const second = await patchUpload(app, w.djA, two, 0, mp3);
    expect(second.statusCode).toBe(429);
    expect(second.json().message).toContain('at most 1 uploads at once');
    body.end(mp3.subarray(mp3.length >> 1));
    const done = await first;
    expect(done.statusCode, done.body).toBe(204);
    expect(done.headers['x-media-id']).toEqual(expect.any(String));
  });

  it('refuses a finished file that is not audio with the API message, and sweeps expired ones', async () => {
    t = await buildTestApp();
    const w = await mediaWorld(t);
    const junk = Buffer.from('this is not audio at all, just text'.repeat(20));
    const meta = tusMetadata({ station_id: w.stationA, filename: 'notes.mp3' });
    const location = (await createUpload(t, w.djA, meta, junk.length)).headers.location as string;
    const res = await patchUpload(t, w.djA, location, 0, junk);
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({
      error: 'unsupported_media_type',
      request_id: res.headers['x-request-id'],
    });
    // Asked again, the same answer; the bytes are gone.
    const again = await t.app.inject({ method: 'GET', url: `${location}/media`, headers: w.djA });
    expect(again.statusCode).toBe(415);
    const id = location.split('/').pop() as string;
    expect(await readdir(tusDir(t))).toEqual([`${id}.json`]);
    // A partial upload a day and more old, and a stray file whose record was lost.
    const old = await createUpload(t, w.djA, meta, mp3.length);
    const oldId = (old.headers.location as string).split('/').pop() as string;
    const info = JSON.parse(await readFile(join(tusDir(t), `${oldId}.json`), 'utf8'));
    info.creation_date = new Date(Date.now() - 25 * 3_600_000).toISOString();
    await writeFile(join(tusDir(t), `${oldId}.json`), JSON.stringify(info));
    const stray = join(tusDir(t), '00000000-0000-4000-8000-000000000000');
    await writeFile(stray, 'x');
    const past = new Date(Date.now() - 25 * 3_600_000);
    await utimes(stray, past, past);
    expect(await t.services.uploads.sweep()).toBe(3);
    expect(await readdir(tusDir(t))).toEqual([`${id}.json`]);
  });
});
