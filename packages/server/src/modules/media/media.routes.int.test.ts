import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAudio } from '../../test-support/audio-fixtures.js';
import { multipartBody } from '../../test-support/multipart.js';
import { mediaHarness, type MediaHarness } from '../../test-support/media-harness.js';

let work: string;
let h: MediaHarness;
let mp3: Buffer;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'grimnir-media-routes-'));
  mp3 = await readFile(
    await makeAudio(work, 'mp3', {
      seconds: 3,
      tags: { title: 'Night Drive', artist: 'Test Artist', album: 'Demo' },
    }),
  );
  h = await mediaHarness(join(work, 'media'));
});
afterAll(async () => {
  await h.close();
  await rm(work, { recursive: true, force: true });
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

async function upload(
  stationId: string,
  role: string,
  data: Buffer,
  name = 'track.mp3',
  extra: Record<string, string> = {},
) {
  const { payload, headers } = multipartBody(
    { station_id: stationId, ...extra },
    { name, data, type: 'audio/mpeg' },
  );
  return h.app.inject({
    method: 'POST',
    url: '/api/v1/media',
    payload,
    headers: { ...headers, ...h.as(stationId, role) },
  });
}

describe('POST /api/v1/media', () => {
  it('stores an MP3 and returns its tags, duration and pending analysis', async () => {
    const res = await upload(h.stationA, 'dj', mp3);
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      station_id: h.stationA,
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
    const stored = join(h.root, h.stationA, `${body.id}.mp3`);
    expect((await stat(stored)).size).toBe(mp3.length);
    expect(await filesUnder(join(h.root, '.tmp'))).toEqual([]);
  });

  it('refuses the same bytes twice in one station with 409 and the existing id, but not in another', async () => {
    const audio = await readFile(await makeAudio(work, 'mp3', { freq: 523 }));
    const first = await upload(h.stationA, 'dj', audio, 'a.mp3');
    expect(first.statusCode).toBe(201);
    const again = await upload(h.stationA, 'dj', audio, 'copy.mp3');
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      error: 'duplicate_media',
      details: { existing_id: first.json().id },
    });
    expect((await upload(h.stationB, 'dj', audio, 'a.mp3')).statusCode).toBe(201);
  });

  it('refuses a text file named .mp3 with 415 and keeps nothing', async () => {
    const before = await filesUnder(h.root);
    const res = await upload(h.stationA, 'dj', Buffer.from('not audio\n'.repeat(500)), 'song.mp3');
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({
      error: 'unsupported_media_type',
      request_id: expect.any(String),
    });
    expect(await filesUnder(h.root)).toEqual(before);
  });

  it('stores path-traversal filenames as a harmless label', async () => {
    const audio = await readFile(await makeAudio(work, 'mp3', { freq: 587 }));
    const res = await upload(h.stationA, 'dj', audio, '../../../../etc/cron.d/evil.mp3');
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ original_filename: 'evil.mp3' });
    expect(await stat(join(h.root, h.stationA, `${res.json().id}.mp3`))).toBeTruthy();
  });

  it('applies tag fields sent with the upload over the file tags', async () => {
    const audio = await readFile(
      await makeAudio(work, 'flac', { freq: 659, tags: { title: 'File Title' } }),
    );
    const res = await upload(h.stationA, 'dj', audio, 'x.flac', {
      title: 'Form Title',
      genre: 'Jazz',
      year: '1999',
      explicit: 'true',
      tags: 'night, calm',
    });
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

  it.each([
    ['no file part', () => multipartBody({ station_id: randomUUID() })],
    ['bad station id', () => multipartBody({ station_id: '../x' }, { name: 'a.mp3', data: mp3 })],
    [
      'unknown field',
      () => multipartBody({ station_id: h.stationA, colour: 'red' }, { name: 'a.mp3', data: mp3 }),
    ],
    [
      'file in the wrong part',
      () => multipartBody({ station_id: h.stationA }, { name: 'a.mp3', data: mp3, field: 'audio' }),
    ],
  ])('answers %s with 400 and keeps nothing', async (_name, body) => {
    const before = await filesUnder(h.root);
    const { payload, headers } = body();
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/media',
      payload,
      headers: { ...headers, ...h.as(h.stationA, 'dj') },
    });
    expect(res.statusCode).toBe(400);
    expect(await filesUnder(h.root)).toEqual(before);
  });

  it('lets a DJ of station A upload nothing into station B', async () => {
    const { payload, headers } = multipartBody(
      { station_id: h.stationB },
      { name: 'a.mp3', data: mp3 },
    );
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/media',
      payload,
      headers: { ...headers, ...h.as(h.stationA, 'dj') },
    });
    expect(res.statusCode).toBe(403);
    expect((await upload(h.stationA, 'viewer', mp3)).statusCode).toBe(403);
  });

  it('serves the alias /api/v1/media/upload', async () => {
    const audio = await readFile(await makeAudio(work, 'wav', { freq: 698, seconds: 1 }));
    const { payload, headers } = multipartBody(
      { station_id: h.stationA },
      { name: 'tone.wav', data: audio },
    );
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/media/upload',
      payload,
      headers: { ...headers, ...h.as(h.stationA, 'dj') },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ title: 'tone', mime_type: 'audio/wav' });
  });
});
