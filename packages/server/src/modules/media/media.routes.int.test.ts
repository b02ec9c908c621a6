import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test-support/app.js';
import { makeAudio } from '../../test-support/audio-fixtures.js';
import { mediaWorld, uploadMedia, type MediaWorld } from '../../test-support/media.js';

let work: string;
let mp3: Buffer;
let t: TestApp;
let w: MediaWorld;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'grimnir-media-routes-'));
  const tags = { title: 'Night Drive', artist: 'Test Artist', album: 'Demo' };
  mp3 = await readFile(await makeAudio(work, 'mp3', { seconds: 3, tags }));
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

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

const upload = (
  auth: Record<string, string>,
  stationId: string,
  data: Buffer,
  name = 'track.mp3',
  extra = {},
) => uploadMedia(t, auth, { station_id: stationId, ...extra }, { name, data });

describe('POST /api/v1/media', () => {
  it('stores an MP3 and returns its tags, duration and pending analysis', async () => {
    const res = await upload(w.djA, w.stationA, mp3);
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      station_id: w.stationA,
      title: 'Night Drive',
      artist: 'Test Artist',
      album: 'Demo',
      mime_type: 'audio/mpeg',
      size_bytes: mp3.length,
      content_hash: createHash('sha256').update(mp3).digest('hex'),
      analysis_state: 'pending',
      original_filename: 'track.mp3',
      audio_url: `/api/v1/media/${body.id}/audio`,
    });
    expect(body.duration_ms).toBeGreaterThan(2800);
    expect(body.duration_ms).toBeLessThan(3300);
    expect(body).not.toHaveProperty('storage_path');
    const stored = join(t.mediaRoot, w.stationA, `${body.id}.mp3`);
    expect((await stat(stored)).size).toBe(mp3.length);
    expect(await filesUnder(join(t.mediaRoot, '.tmp'))).toEqual([]);
    const audit = await t.services.audit.list({ stationId: w.stationA, limit: 10 });
    expect(audit.map((a) => a.action)).toContain('media.upload');
  });

  it('refuses the same bytes twice in one station with 409 and the existing id, but not in another', async () => {
    const first = await upload(w.djA, w.stationA, mp3, 'a.mp3');
    expect(first.statusCode).toBe(201);
    const again = await upload(w.djA, w.stationA, mp3, 'copy.mp3');
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      error: 'duplicate_media',
      request_id: expect.any(String),
      details: { existing_id: first.json().id },
    });
    expect((await upload(w.djB, w.stationB, mp3, 'a.mp3')).statusCode).toBe(201);
  });

  it('lets exactly one of two simultaneous identical uploads win', async () => {
    const [a, b] = await Promise.all([
      upload(w.djA, w.stationA, mp3, 'one.mp3'),
      upload(w.djA, w.stationA, mp3, 'two.mp3'),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    const winner = a.statusCode === 201 ? a : b;
    const loser = a.statusCode === 201 ? b : a;
    expect(loser.json()).toMatchObject({ details: { existing_id: winner.json().id } });
    expect(await filesUnder(t.mediaRoot)).toEqual([
      join(t.mediaRoot, w.stationA, `${winner.json().id}.mp3`),
    ]);
  });

  it('refuses a text file named .mp3 with 415 and keeps nothing', async () => {
    const res = await upload(w.djA, w.stationA, Buffer.from('not audio\n'.repeat(500)), 'song.mp3');
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({
      error: 'unsupported_media_type',
      request_id: expect.any(String),
    });
    expect(await filesUnder(t.mediaRoot)).toEqual([]);
  });

  it.each([
    '../../../../etc/cron.d/evil.mp3',
    '..\\..\\boot.ini',
    '/etc/passwd',
    '....//x.mp3',
    '.',
  ])('stores the traversal filename %j as a harmless label', async (name) => {
    const res = await upload(w.djA, w.stationA, mp3, name);
    expect(res.statusCode).toBe(201);
    const { id, original_filename } = res.json<{ id: string; original_filename: string }>();
    expect(original_filename).not.toMatch(/[/\\]/);
    expect(await filesUnder(t.mediaRoot)).toEqual([join(t.mediaRoot, w.stationA, `${id}.mp3`)]);
  });

  it('applies tag fields sent with the upload over the file tags', async () => {
    const flac = await readFile(
      await makeAudio(work, 'flac', { freq: 659, tags: { title: 'File Title' } }),
    );
    const extra = {
      title: 'Form Title',
      genre: 'Jazz',
      year: '1999',
      explicit: 'true',
      tags: 'night, calm',
    };
    const res = await upload(w.djA, w.stationA, flac, 'x.flac', extra);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      title: 'Form Title',
      genre: 'Jazz',
      year: 1999,
      explicit: true,
      tags: ['night', 'calm'],
      mime_type: 'audio/flac',
    });
  });

  it('answers malformed uploads with 400 and keeps nothing', async () => {
    const cases: [
      Record<string, string>,
      { name: string; data: Buffer; field?: string } | undefined,
    ][] = [
      [{ station_id: w.stationA }, undefined],
      [{ station_id: '../x' }, { name: 'a.mp3', data: mp3 }],
      [
        { station_id: w.stationA, colour: 'red' },
        { name: 'a.mp3', data: mp3 },
      ],
      [
        { station_id: w.stationA, year: 'last year' },
        { name: 'a.mp3', data: mp3 },
      ],
      [{ station_id: w.stationA }, { name: 'a.mp3', data: mp3, field: 'audio' }],
      [{}, { name: 'a.mp3', data: mp3 }],
    ];
    for (const [fields, file] of cases) {
      const res = await uploadMedia(t, w.djA, fields, file);
      expect(res.statusCode, JSON.stringify(fields)).toBe(400);
      expect(res.json()).toHaveProperty('request_id');
    }
    const json = await t.app.inject({
      method: 'POST',
      url: '/api/v1/media',
      headers: w.djA,
      payload: { station_id: w.stationA },
    });
    expect(json.statusCode).toBe(400);
    expect(await filesUnder(t.mediaRoot)).toEqual([]);
  });

  it('answers broken multipart bodies with 4xx, never 5xx', async () => {
    const head = `--xyz\r\nContent-Disposition: form-data; name="station_id"\r\n\r\n${w.stationA}\r\n`;
    const filePart =
      '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.mp3"\r\n\r\n';
    const fields = Array.from(
      { length: 40 },
      (_, i) => `--xyz\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nv\r\n`,
    );
    const cases: [string, string | Buffer][] = [
      ['multipart/form-data', 'no boundary in the header'],
      ['multipart/form-data; boundary=xyz', 'no boundary in the body'],
      [
        'multipart/form-data; boundary=xyz',
        Buffer.concat([Buffer.from(head + filePart), mp3.subarray(0, 4096)]),
      ],
      [
        'multipart/form-data; boundary=xyz',
        `${head}--xyz\r\nbroken header line\r\n\r\nx\r\n--xyz--\r\n`,
      ],
      ['multipart/form-data; boundary=xyz', `${fields.join('')}--xyz--\r\n`],
      ['multipart/form-data; boundary=xyz', ''],
      ['application/octet-stream', mp3],
    ];
    for (const [type, payload] of cases) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/media',
        headers: { ...w.djA, 'content-type': type },
        payload,
      });
      expect(res.statusCode, `${type} ${String(payload).slice(0, 40)}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.json()).toHaveProperty('request_id');
    }
    expect(await filesUnder(t.mediaRoot)).toEqual([]);
  });

  it('keeps viewers, other stations and anonymous callers out', async () => {
    expect((await upload(w.djA, w.stationB, mp3)).statusCode).toBe(403);
    expect((await upload(w.viewerA, w.stationA, mp3)).statusCode).toBe(403);
    expect((await upload({}, w.stationA, mp3)).statusCode).toBe(401);
    expect((await upload(w.djA, randomUUID(), mp3)).statusCode).toBe(404);
    expect(await filesUnder(t.mediaRoot)).toEqual([]);
  });

  it('serves the alias /api/v1/media/upload', async () => {
    const wav = await readFile(await makeAudio(work, 'wav', { freq: 698, seconds: 1 }));
    const res = await uploadMedia(
      t,
      w.djA,
      { station_id: w.stationA },
      { name: 'tone.wav', data: wav },
      '/api/v1/media/upload',
    );
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ title: 'tone', mime_type: 'audio/wav' });
  });

  it('refuses a file sent before station_id; ?station_id= may stand in for the field', async () => {
    const file = { name: 'late.mp3', data: mp3 };
    const late = await uploadMedia(t, w.djA, { station_id: w.stationA }, file, undefined, {
      fieldsAfterFile: true,
    });
    expect(late.statusCode).toBe(400);
    expect(late.json().message).toContain('station_id before the file');
    expect(await filesUnder(t.mediaRoot)).toEqual([]);
    const query = `/api/v1/media?station_id=${w.stationA}`;
    const ok = await uploadMedia(t, w.djA, {}, file, query, { fieldsAfterFile: true });
    expect(ok.statusCode).toBe(201);
    const denied = await uploadMedia(t, w.djA, {}, file, `/api/v1/media?station_id=${w.stationB}`);
    expect(denied.statusCode).toBe(403);
    const mixed = await uploadMedia(t, w.djA, { station_id: w.stationB }, file, query);
    expect(mixed.statusCode).toBe(400);
    expect(await filesUnder(t.mediaRoot)).toEqual([
      join(t.mediaRoot, w.stationA, `${ok.json().id}.mp3`),
    ]);
  });
});
