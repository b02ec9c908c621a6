import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { randomUUID } from 'node:crypto';
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
  it('a fresh install has its import root; only platform admins are told where it is', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'grimnir-import-fresh-'));
    const root = join(parent, 'data/import');
    const fresh = await buildTestApp({ env: { GRIMNIR_IMPORT_ROOT: root } });
    try {
      expect(existsSync(root)).toBe(true);
      const boss = await fresh.adminToken();
      const st = await fresh.makeStation(boss, { name: 'Fresh FM' });
      const dj = await fresh.makeUser({ role: 'dj' });
      await fresh.addMember(st.id, dj.id, 'dj');
      const url = `/api/v1/imports/folders?station_id=${st.id}`;
      const asAdmin = await fresh.app.inject({ method: 'GET', url, headers: bearer(boss) });
      expect(asAdmin.json()).toEqual({ folders: [], root });
      const asDj = await fresh.app.inject({ method: 'GET', url, headers: bearer(dj.token) });
      expect(asDj.json()).toEqual({ folders: [], root: null });
    } finally {
      await fresh.close();
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('imports a folder with counts and reasons; run again, every file is already there', async () => {
    const folders = await call('GET', `/api/v1/imports/folders?station_id=${station.id}`, admin);
    // Folders only, not links (a link may lead out of the root; it is refused if named).
    expect(folders.json()).toEqual({ folders: ['Album A'], root: importRoot });

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

  it('every replica on the database shows a job, refuses a second one and can cancel it', async () => {
    const db = t.config.db;
    const other = await buildTestApp({
      env: {
        GRIMNIR_IMPORT_ROOT: importRoot,
        GRIMNIR_DB_BACKEND: db.backend,
        GRIMNIR_DB_DSN: db.dsn,
      },
    });
    try {
      // Its own signing keys (each test app has its data directory): its own login.
      const otherAdmin = (await other.makeUser({ role: 'admin' })).token;
      const res = await call('POST', '/api/v1/imports', admin, {
        station_id: station.id,
        folder: 'Album A',
      });
      const id = res.json<ImportJob>().id;
      await finished(id);
      // The job ran here; the other replica reads it from the database, counts and all.
      const there = await other.app.inject({
        method: 'GET',
        url: `/api/v1/imports/${id}`,
        headers: bearer(otherAdmin),
      });
      expect(there.json()).toMatchObject({ state: 'complete', imported: 2, failed: 1 });
      expect(there.json<ImportJob>().failures).toHaveLength(1);

      // A job another replica is running (it wrote a moment ago): a second one is refused on
      // any replica, and a cancel is left for that replica to pick up.
      const now = Date.now();
      const running = {
        id: randomUUID(),
        station_id: station.id,
        folder: 'Elsewhere',
        state: 'importing',
        started_ms: now - 60_000,
        heartbeat_ms: now,
      };
      await t.database.db.insertInto('import_jobs').values(running).execute();
      const second = await call('POST', '/api/v1/imports', admin, {
        station_id: station.id,
        folder: 'Album A',
      });
      expect(second.statusCode).toBe(409);
      expect(second.json()).toMatchObject({ error: 'import_running' });
      expect(second.json<{ message: string }>().message).toContain('Elsewhere');
      expect((await call('DELETE', `/api/v1/imports/${running.id}`, admin)).statusCode).toBe(204);
      const asked = await t.database.db
        .selectFrom('import_jobs')
        .select('cancel_requested_ms')
        .where('id', '=', running.id)
        .executeTakeFirstOrThrow();
      expect(asked.cancel_requested_ms).not.toBeNull();

      // That replica died (no write for a minute): the job shows stopped with how to resume,
      // and a new import may start.
      await t.database.db
        .updateTable('import_jobs')
        .set({ heartbeat_ms: now - 60_000 })
        .where('id', '=', running.id)
        .execute();
      const dead = (await call('GET', `/api/v1/imports/${running.id}`, admin)).json<ImportJob>();
      expect(dead).toMatchObject({ state: 'stopped', finished_at: expect.any(String) });
      expect(dead.reason).toContain('start it again to resume');
      const resumed = await call('POST', '/api/v1/imports', admin, {
        station_id: station.id,
        folder: 'Album A',
      });
      expect(resumed.statusCode, resumed.body).toBe(202);
      await finished(resumed.json<ImportJob>().id);
    } finally {
      await other.close();
    }
  });
});
