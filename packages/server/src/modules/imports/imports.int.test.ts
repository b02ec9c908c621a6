import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { EventPayload, GrimnirEvent, ImportJob } from '@grimnir/contracts';
import { createInMemoryEventBus } from '../../infra/event-bus.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bearer, buildTestApp, type TestApp } from '../../test-support/app.js';
import { makeAudio } from '../../test-support/audio-fixtures.js';

let importRoot: string;
let outside: string;
let t: TestApp;
let admin: string;
let station: { id: string };
let events: EventPayload<'import'>[];

beforeAll(async () => {
  importRoot = mkdtempSync(join(tmpdir(), 'grimnir-import-root-'));
  outside = mkdtempSync(join(tmpdir(), 'grimnir-import-outside-'));
  mkdirSync(join(importRoot, 'Album A/disc 2'), { recursive: true });
  await makeAudio(join(importRoot, 'Album A'), 'mp3', { freq: 440, name: '01 First.mp3' });
  await makeAudio(join(importRoot, 'Album A/disc 2'), 'flac', { freq: 550, name: '02 Two.flac' });
  // The same bytes twice: one row; a text file with an audio name: a failure with its reason.
  copyFileSync(join(importRoot, 'Album A/01 First.mp3'), join(importRoot, 'Album A/copy.mp3'));
  writeFileSync(join(importRoot, 'Album A/broken.mp3'), 'not audio\n');
  writeFileSync(join(importRoot, 'Album A/notes.txt'), 'ignored\n');
  await makeAudio(outside, 'mp3', { freq: 660, name: 'secret.mp3' });
  symlinkSync(outside, join(importRoot, 'escape'));
}, 60_000);
afterAll(() => {
  rmSync(importRoot, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});
beforeEach(async () => {
  events = [];
  const bus = createInMemoryEventBus(pino({ level: 'silent' }));
  bus.subscribe((e: GrimnirEvent) => {
    if (e.type === 'import') events.push(e.payload);
  });
  t = await buildTestApp({ env: { GRIMNIR_IMPORT_ROOT: importRoot }, eventBus: bus });
  admin = await t.adminToken();
  station = await t.makeStation(admin, { name: 'Import FM' });
});
afterEach(() => t.close());

const call = (method: 'GET' | 'POST' | 'DELETE', url: string, token: string, payload?: object) =>
  t.app.inject({ method, url, headers: bearer(token), ...(payload && { payload }) });

async function finished(id: string): Promise<ImportJob> {
  for (let i = 0; i < 300; i++) {
    const job = (await call('GET', `/api/v1/imports/${id}`, admin)).json<ImportJob>();
    if (job.finished_at !== null) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the import job did not finish in 30 s');
}

describe('/api/v1/imports', () => {
  it('imports a folder with counts and reasons; run again, every file is already there', async () => {
    const folders = await call('GET', `/api/v1/imports/folders?station_id=${station.id}`, admin);
    // Folders only, not links (a link may lead out of the root; it is refused if named).
    expect(folders.json()).toEqual({ folders: ['Album A'] });

    const res = await call('POST', '/api/v1/imports', admin, {
      station_id: station.id,
      folder: 'Album A',
    });
    expect(res.statusCode, res.body).toBe(202);
    const job = await finished(res.json<ImportJob>().id);
    expect(job).toMatchObject({
      state: 'complete',
      total: 4,
      imported: 2,
      duplicates: 1,
      failed: 1,
      eta_s: null,
    });
    expect(job.failures).toEqual([
      { path: 'broken.mp3', reason: expect.stringContaining('not a supported audio format') },
    ]);
    expect(job.rate_per_min).toBeGreaterThan(0);
    // Consoles follow it by events: started, importing, and the last state with its counts.
    expect(events.map((e) => e.state)).toEqual(
      expect.arrayContaining(['scanning', 'importing', 'complete']),
    );
    expect(events.at(-1)).toMatchObject({
      station_id: station.id,
      import_id: job.id,
      state: 'complete',
      imported: 2,
      duplicates: 1,
      failed: 1,
    });
    const media = await call('GET', `/api/v1/media?station_id=${station.id}`, admin);
    expect(media.json<{ items: unknown[] }>().items).toHaveLength(2);

    const again = await call('POST', '/api/v1/imports', admin, {
      station_id: station.id,
      folder: 'Album A',
    });
    expect(await finished(again.json<ImportJob>().id)).toMatchObject({
      state: 'complete',
      imported: 0,
      duplicates: 3,
    });
    const list = await call('GET', `/api/v1/imports?station_id=${station.id}`, admin);
    expect(list.json<ImportJob[]>().map((j) => j.duplicates)).toEqual([3, 1]);
  });

  it('reads nothing outside the import root and refuses what a DJ may not do', async () => {
    const post = (folder: string, token = admin) =>
      call('POST', '/api/v1/imports', token, { station_id: station.id, folder });
    for (const folder of ['../', '/etc', 'Album A/../..']) {
      const res = await post(folder);
      expect(res.statusCode, folder).toBe(400);
      expect(res.json()).toMatchObject({
        error: 'validation_error',
        request_id: expect.any(String),
      });
    }
    const escape = await post('escape');
    expect(escape.statusCode).toBe(400);
    expect(escape.json()).toMatchObject({ error: 'folder_outside_root' });
    expect((await post('missing')).statusCode).toBe(404);

    const viewer = await t.makeUser({ role: 'viewer' });
    await t.addMember(station.id, viewer.id, 'viewer');
    expect((await post('Album A', viewer.token)).statusCode).toBe(403);
    const stranger = await t.makeUser({ role: 'dj' });
    const hidden = await call('GET', `/api/v1/imports?station_id=${station.id}`, stranger.token);
    expect([403, 404]).toContain(hidden.statusCode);
    // A real job of this station: hidden from a stranger, not cancellable by a viewer.
    const job = (await post('Album A')).json<ImportJob>();
    const peek = await call('GET', `/api/v1/imports/${job.id}`, stranger.token);
    expect([403, 404]).toContain(peek.statusCode);
    expect((await call('DELETE', `/api/v1/imports/${job.id}`, viewer.token)).statusCode).toBe(403);
    expect((await call('GET', `/api/v1/imports/${job.id}`, viewer.token)).statusCode).toBe(200);
    await finished(job.id);
  });
});
