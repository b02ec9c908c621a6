import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCover, makeAudio, type FixtureFormat } from '../../test-support/audio-fixtures.js';
import { readAudioMetadata } from './media-files.js';
import { receiveToTemp, sweepStaleUploads } from './media-receive.js';

let work: string;
let root: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'grimnir-receive-'));
  root = join(work, 'media');
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const tmpEntries = async () => readdir(join(root, '.tmp')).catch(() => []);
const sha256 = async (p: string) =>
  createHash('sha256')
    .update(await readFile(p))
    .digest('hex');
const LIMIT = 50 * 1024 * 1024;

describe('receiveToTemp with real encoder output', () => {
  const tags = { title: 'Night Drive', artist: 'Test Artist', album: 'Demo Album' };
  const cases: [FixtureFormat, string, string, boolean][] = [
    ['mp3', 'mp3', 'audio/mpeg', true],
    ['aac', 'aac', 'audio/aac', false],
    ['flac', 'flac', 'audio/flac', true],
    ['vorbis', 'vorbis', 'audio/ogg', true],
    ['opus', 'opus', 'audio/ogg', true],
    ['wav', 'wav', 'audio/wav', false],
    ['aiff', 'aiff', 'audio/aiff', false],
    ['m4a', 'm4a', 'audio/mp4', false],
  ];
  it.each(cases)(
    '%s: sniffed, hashed, tags and duration read',
    async (fixture, format, mime, tagged) => {
      const src = await makeAudio(work, fixture, { seconds: 2, tags });
      const got = await receiveToTemp(createReadStream(src), { mediaRoot: root, maxBytes: LIMIT });
      expect(got.audio.format).toBe(format);
      expect(got.audio.mime).toBe(mime);
      expect(got.sha256).toBe(await sha256(src));
      expect(got.sizeBytes).toBe((await readFile(src)).length);
      const meta = await readAudioMetadata(got.tmpPath, 'fallback');
      expect(meta.durationMs).toBeGreaterThan(1800);
      expect(meta.durationMs).toBeLessThan(2300);
      if (tagged)
        expect(meta.tags).toMatchObject({
          title: 'Night Drive',
          artist: 'Test Artist',
          album: 'Demo Album',
        });
      else expect(meta.tags.title).toBe('fallback');
      await rm(got.tmpPath);
    },
  );

  it('reads the extended tags a library needs (genre, ISRC, BPM, track, language)', async () => {
    const tags = {
      title: 'Tagged',
      genre: 'Jazz',
      isrc: 'USS1Z9900001',
      'beats-per-minute': '128.0',
      'track-number': '(uint)3',
      'language-code': 'eng',
    };
    const src = await makeAudio(work, 'flac', { freq: 494, tags, name: 'tagged.flac' });
    const meta = await readAudioMetadata(src, 'fallback');
    expect(meta.tags).toMatchObject({
      title: 'Tagged',
      genre: 'Jazz',
      isrc: 'USS1Z9900001',
      bpm: 128,
      track_number: 3,
      language: 'eng',
      explicit: false,
    });
  });

  it('extracts embedded cover art', async () => {
    const mp3 = await makeAudio(work, 'mp3', { freq: 550, name: 'plain.mp3' });
    const covered = await addCover(mp3, join(work, 'covered.mp3'));
    const meta = await readAudioMetadata(covered, 'x');
    expect(meta.picture?.ext).toBe('png');
    expect(meta.picture?.data.length).toBeGreaterThan(0);
  });
});

describe('receiveToTemp refusals leave nothing behind', () => {
  it('refuses a text file as soon as its first bytes arrive (415)', async () => {
    const src = join(work, 'notes.mp3');
    await writeFile(src, 'These are my notes, not audio.\n'.repeat(100));
    await expect(
      receiveToTemp(createReadStream(src), { mediaRoot: root, maxBytes: LIMIT }),
    ).rejects.toMatchObject({ statusCode: 415, code: 'unsupported_media_type' });
    expect(await tmpEntries()).toEqual([]);
  });

  it('refuses text hidden behind an ID3 tag once the file is complete (415)', async () => {
    const id3 = Buffer.from([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 10, ...Buffer.alloc(10)]);
    const body = Buffer.concat([id3, Buffer.from('just text after the tag\n'.repeat(20))]);
    await expect(
      receiveToTemp(Readable.from([body]), { mediaRoot: root, maxBytes: LIMIT }),
    ).rejects.toMatchObject({ statusCode: 415 });
    expect(await tmpEntries()).toEqual([]);
  });

  it('stops at the size limit (413)', async () => {
    const src = await makeAudio(work, 'wav', { seconds: 1, freq: 660 });
    await expect(
      receiveToTemp(createReadStream(src, { highWaterMark: 1024 }), {
        mediaRoot: root,
        maxBytes: 10_000,
      }),
    ).rejects.toMatchObject({ statusCode: 413, code: 'payload_too_large' });
    expect(await tmpEntries()).toEqual([]);
  });

  it('removes the partial file when the source fails mid-stream', async () => {
    const mp3 = await readFile(await makeAudio(work, 'mp3', { freq: 770 }));
    const source = new Readable({
      read() {
        this.push(mp3.subarray(0, 4096));
        this.destroy(new Error('client went away'));
      },
    });
    await expect(receiveToTemp(source, { mediaRoot: root, maxBytes: LIMIT })).rejects.toThrow(
      'client went away',
    );
    expect(await tmpEntries()).toEqual([]);
  });
});

describe('sweepStaleUploads', () => {
  it('removes only partial uploads older than the limit', async () => {
    const sweepRoot = join(work, 'sweep');
    const dir = join(sweepRoot, '.tmp');
    await mkdir(dir, { recursive: true });
    const now = new Date();
    const old = new Date(now.getTime() - 2 * 3_600_000);
    for (const name of ['old.part', 'fresh.part', 'other.txt'])
      await writeFile(join(dir, name), 'x');
    await utimes(join(dir, 'old.part'), old, old);
    await utimes(join(dir, 'other.txt'), old, old);
    expect(await sweepStaleUploads(sweepRoot, now, 3_600_000)).toBe(1);
    expect((await readdir(dir)).sort()).toEqual(['fresh.part', 'other.txt']);
    expect(await sweepStaleUploads(join(work, 'no-such-root'), now, 1)).toBe(0);
  });

  it('removes at once the partial uploads no process can still be writing', async () => {
    const sweepRoot = join(work, 'sweep-orphans');
    const dir = join(sweepRoot, '.tmp');
    await mkdir(dir, { recursive: true });
    const host = hostname().replace(/[^A-Za-z0-9.-]/g, '_');
    const dead = spawnSync('true').pid;
    const names = {
      mine: `${host}~${process.pid}~a.part`,
      dead: `${host}~${dead}~b.part`,
      // The test runner's parent is alive: an upload of another process on this host.
      alive: `${host}~${process.ppid}~c.part`,
      otherHost: `elsewhere.example~${process.pid}~d.part`,
    };
    for (const name of Object.values(names)) await writeFile(join(dir, name), 'x');
    // All fresh: only the ownership rule can remove them.
    expect(await sweepStaleUploads(sweepRoot, new Date(), 3_600_000)).toBe(2);
    expect((await readdir(dir)).sort()).toEqual([names.alive, names.otherHost].sort());
  });
});
