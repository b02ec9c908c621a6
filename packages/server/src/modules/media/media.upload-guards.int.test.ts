import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test-support/app.js';
import { makeAudio } from '../../test-support/audio-fixtures.js';
import { mediaWorld, uploadMedia } from '../../test-support/media.js';
import { multipartBody } from '../../test-support/multipart.js';

// Issue 11 item 6 and issue 18 item 5: an upload is authorised, counted against its user's cap
// and checked against the free space of the media disk before a byte of it is stored.

let work: string;
let mp3: Buffer;
let tones: Buffer[];
let t: TestApp | undefined;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'grimnir-guards-'));
  mp3 = await readFile(await makeAudio(work, 'mp3', { freq: 440, seconds: 1 }));
  // Distinct files: the same content twice on a station is a 409 duplicate.
  tones = [];
  for (const freq of [523, 587, 659]) {
    const dir = await mkdtemp(join(work, 't'));
    tones.push(await readFile(await makeAudio(dir, 'mp3', { freq, seconds: 1 })));
  }
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});
afterEach(async () => {
  await t?.close();
  t = undefined;
});

// Uploads write under <media root>/.tmp, created by the first byte received: while it does
// not exist, nothing of any upload reached the disk.
const nothingStored = (app: TestApp) => !existsSync(join(app.mediaRoot, '.tmp'));

describe('upload guards', () => {
  it('checks the role and the station before anything is written', async () => {
    t = await buildTestApp();
    const w = await mediaWorld(t);
    const file = { name: 'a.mp3', data: mp3 };
    const cases = [
      [w.viewerA, { station_id: w.stationA }, {}, 403],
      [w.djA, { station_id: w.stationB }, {}, 403],
      [w.djA, { station_id: w.stationA }, { fieldsAfterFile: true }, 400],
      [w.djA, { station_id: 'not-a-uuid' }, {}, 400],
    ] as const;
    for (const [auth, fields, opts, status] of cases) {
      const res = await uploadMedia(t, auth, fields, file, undefined, opts);
      expect(res.statusCode, JSON.stringify(fields)).toBe(status);
      expect(res.json()).toHaveProperty('request_id');
    }
    expect(nothingStored(t)).toBe(true);
  });

  it('answers 507 with a message when the media disk is short of space', async () => {
    // A reserve larger than any disk here: the real statfs of the media root is below it.
    t = await buildTestApp({ env: { GRIMNIR_MEDIA_MIN_FREE_MB: '10000000' } });
    const w = await mediaWorld(t);
    const res = await uploadMedia(
      t,
      w.djA,
      { station_id: w.stationA },
      { name: 'a.mp3', data: mp3 },
    );
    expect(res.statusCode).toBe(507);
    expect(res.json()).toMatchObject({
      error: 'insufficient_storage',
      message: expect.stringContaining('not enough free space on the media disk'),
    });
    expect(nothingStored(t)).toBe(true);
    // The role comes first: a viewer learns nothing about the disk.
    const viewer = await uploadMedia(
      t,
      w.viewerA,
      { station_id: w.stationA },
      { name: 'a', data: mp3 },
    );
    expect(viewer.statusCode).toBe(403);
  });

  it('caps concurrent uploads per user (429), not per station or for others', async () => {
    t = await buildTestApp({ env: { GRIMNIR_MAX_CONCURRENT_UPLOADS_PER_USER: '1' } });
    const app = t;
    const w = await mediaWorld(app);
    const { payload, headers } = multipartBody(
      { station_id: w.stationA },
      { name: 'slow.mp3', data: mp3 },
    );
    // The first upload sends half its body and waits: it is in flight.
    const body = new PassThrough();
    const first = app.app.inject({
      method: 'POST',
      url: '/api/v1/media',
      headers: { ...headers, ...w.djA },
      payload: body,
    });
    body.write(payload.subarray(0, payload.length >> 1));
    const tmp = join(app.mediaRoot, '.tmp');
    for (let i = 0; i < 200 && (await readdir(tmp).catch(() => [])).length === 0; i++)
      await new Promise((r) => setTimeout(r, 25));
    const second = await uploadMedia(
      app,
      w.djA,
      { station_id: w.stationA },
      { name: 'b.mp3', data: mp3 },
    );
    expect(second.statusCode).toBe(429);
    expect(second.json().message).toContain('at most 1 uploads at once');
    const other = await uploadMedia(
      app,
      w.managerA,
      { station_id: w.stationA },
      { name: 'c.mp3', data: tones[0] as Buffer },
    );
    expect(other.statusCode).toBe(201);
    body.end(payload.subarray(payload.length >> 1));
    expect((await first).statusCode).toBe(201);
    // Released when the upload finished (and after a refused one too).
    const again = await uploadMedia(
      app,
      w.djA,
      { station_id: w.stationA },
      { name: 'd.mp3', data: tones[1] as Buffer },
    );
    expect(again.statusCode).toBe(201);
  });
});
