import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test-support/app.js';
import { makeAudio } from '../../test-support/audio-fixtures.js';
import { buildControlPlane } from '../../test-support/control-plane-process.js';
import { createEngineClient } from '@grimnir/engine-client';
import { startEngine } from '@grimnir/test-kit/engine-process.js';
import { createAnalysisQueue, createAnalysisRepository } from '../../modules/analysis/index.js';

const root = resolve(import.meta.dirname, '../../../../..');
const bin = join(root, 'packages/server/bin/grimnirradio.js');

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

let t: TestApp;
let station: { id: string; slug: string };
let dataDir: string;

function cli(args: string[]): Promise<Ran> {
  return new Promise((res) => {
    execFile(process.execPath, [bin, ...args], { env: env() }, (err, stdout, stderr) =>
      res({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }),
    );
  });
}

function env(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    GRIMNIR_DATA_DIR: dataDir,
    GRIMNIR_MEDIA_ROOT: t.mediaRoot,
    GRIMNIR_DEMO_STATION: 'false',
    GRIMNIR_DB_BACKEND: t.config.db.backend,
    GRIMNIR_DB_DSN: t.config.db.dsn,
  };
}

const rows = () =>
  t.database.db
    .selectFrom('media')
    .select(['id', 'original_filename', 'content_hash', 'analysis_state', 'storage_path'])
    .where('station_id', '=', station.id)
    .orderBy('original_filename')
    .execute();

/** Every file under `dir` with its SHA-256: the import must leave the source untouched. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (e.isFile()) {
      const path = join(e.parentPath, e.name);
      out[path] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  return out;
}

const partials = () =>
  readdirSync(join(t.mediaRoot, '.tmp'), { withFileTypes: true }).filter((e) =>
    e.name.endsWith('.part'),
  );

beforeAll(() => buildControlPlane(), 120_000);

beforeEach(async () => {
  t = await buildTestApp();
  const admin = await t.adminToken();
  station = await t.makeStation(admin, { name: 'Import Test' });
  dataDir = mkdtempSync(join(tmpdir(), 'grimnir-import-data-'));
});
afterEach(async () => {
  await t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('grimnirradio import', () => {
  let src: string;
  beforeAll(async () => {
    src = mkdtempSync(join(tmpdir(), 'grimnir-import-src-'));
    mkdirSync(join(src, 'Album A'));
    mkdirSync(join(src, 'Album B/disc 2'), { recursive: true });
    await makeAudio(join(src, 'Album A'), 'mp3', { freq: 440, name: '01 First.mp3' });
    await makeAudio(join(src, 'Album A'), 'flac', { freq: 550, name: '02 Second.flac' });
    await makeAudio(join(src, 'Album B/disc 2'), 'wav', { freq: 660, name: '03 Third.wav' });
    // The same bytes under another name: one row only.
    copyFileSync(join(src, 'Album A/01 First.mp3'), join(src, 'Album B/copy of first.mp3'));
    writeFileSync(join(src, 'broken.mp3'), 'this is a text file with an audio extension\n');
    writeFileSync(join(src, 'notes.txt'), 'not audio, not an audio extension\n');
    // macOS resource fork beside a track: hidden, never looked at.
    writeFileSync(join(src, 'Album A/._01 First.mp3'), 'resource fork');
  }, 60_000);
  afterAll(() => rmSync(src, { recursive: true, force: true }));

  it('imports the audio, skips the duplicate, reports the broken file, and a second run adds nothing', async () => {
    const before = snapshot(src);
    const first = await cli(['import', src, '--station', station.slug]);
    expect(first.stderr).toContain('importing 5 audio files');
    expect(first.stdout).toContain(
      '5 audio files found: 3 imported, 1 duplicate skipped, 1 failed',
    );
    expect(first.stdout).toContain(
      'broken.mp3: the file is not a supported audio format (MP3, AAC, FLAC, Ogg, WAV, M4A, AIFF)',
    );
    expect(first.code).toBe(1);
    // Non-TTY stderr: plain progress lines, no carriage returns.
    expect(first.stderr).toMatch(
      /imported 3\/5 · skipped 1 duplicate · 1 failed · \d+ files\/min · ETA 00:00/,
    );
    expect(first.stderr).not.toContain('\r');

    const stored = await rows();
    expect(stored.map((r) => [r.original_filename, r.analysis_state])).toEqual([
      ['01 First.mp3', 'pending'],
      ['02 Second.flac', 'pending'],
      ['03 Third.wav', 'pending'],
    ]);
    for (const r of stored)
      expect(
        createHash('sha256')
          .update(readFileSync(join(t.mediaRoot, r.storage_path)))
          .digest('hex'),
      ).toBe(r.content_hash);
    // Copied, never moved or changed; nothing half-written left behind.
    expect(snapshot(src)).toEqual(before);
    expect(partials()).toEqual([]);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'request_id', 'user_id'])
      .where('action', '=', 'media.upload')
      .execute();
    expect(audit).toHaveLength(3);
    expect(new Set(audit.map((a) => a.request_id)).size).toBe(1);
    expect(audit[0]?.request_id).toMatch(/^import-/);

    const second = await cli(['import', src, '--station', station.slug]);
    expect(second.stdout).toContain(
      '5 audio files found: 0 imported, 4 duplicates skipped, 1 failed',
    );
    expect(second.code).toBe(1);
    expect(await rows()).toEqual(stored);
  });

  it('exits 0 when everything was imported or skipped', async () => {
    const clean = mkdtempSync(join(tmpdir(), 'grimnir-import-clean-'));
    try {
      copyFileSync(join(src, 'Album A/02 Second.flac'), join(clean, 'a.flac'));
      copyFileSync(join(src, 'Album A/02 Second.flac'), join(clean, 'b.flac'));
      const ran = await cli(['import', clean, '--station', station.slug.toUpperCase()]);
      expect(ran.stdout).toContain(
        '2 audio files found: 1 imported, 1 duplicate skipped, 0 failed',
      );
      expect(ran.code).toBe(0);
    } finally {
      rmSync(clean, { recursive: true, force: true });
    }
  });

  it.each([
    [['--station', 'no-such-station'], 'no station with slug "no-such-station"'],
    [['--station'], 'grimnirradio import:'],
    [[], '--station SLUG is required'],
    [['--station', 'x', '--as', 'nobody'], 'no station with slug "x"'],
  ])('usage errors exit 2: %j', async (args, message) => {
    const ran = await cli(['import', src, ...args]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain(message);
    expect(await rows()).toEqual([]);
  });

  it('a missing DIR or an unknown user exits 2 with a clear message', async () => {
    const missing = await cli(['import', join(src, 'nope'), '--station', station.slug]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${join(src, 'nope')} does not exist or is not a folder`);
    const nobody = await cli(['import', src, '--station', station.slug, '--as', 'nobody']);
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toContain('no active user "nobody"');
  });

  it('a DJ of another station is refused before anything is read', async () => {
    const dj = await t.makeUser({ role: 'dj' });
    const ran = await cli(['import', src, '--station', station.slug, '--as', dj.username]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain('you are not a member of this station');
    expect(await rows()).toEqual([]);
  });
});

describe('interrupting an import', () => {
  it('Ctrl-C stops cleanly, says how to resume, and the same command finishes the job', async () => {
    const src = mkdtempSync(join(tmpdir(), 'grimnir-import-many-'));
    try {
      const base = readFileSync(await makeAudio(src, 'wav', { seconds: 2, name: 'base.wav' }));
      rmSync(join(src, 'base.wav'));
      // 120 tracks of distinct content: one sample changed in each.
      for (let i = 0; i < 120; i++) {
        const copy = Buffer.from(base);
        copy.writeUInt32LE(i + 1, 200);
        writeFileSync(join(src, `track-${String(i).padStart(3, '0')}.wav`), copy);
      }
      const child = spawn(process.execPath, [bin, 'import', src, '--station', station.slug], {
        env: env(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
      const started = new Promise<void>((res) =>
        child.stderr.on('data', (b: Buffer) => {
          stderr += b.toString();
          if (stderr.includes('importing')) res();
        }),
      );
      const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
      await started;
      // Past the first few files, mid-copy of one of them.
      for (let i = 0; i < 50 && (await rows()).length < 3; i++)
        await new Promise((r) => setTimeout(r, 20));
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expect(stderr).toContain('stopping after the current file');
      expect(stdout).toMatch(/interrupted: \d+ files not looked at; to resume, run again:/);
      expect(stdout).toContain(`grimnirradio import ${src} --station ${station.slug}`);
      const partway = (await rows()).length;
      expect(partway).toBeGreaterThan(0);
      expect(partway).toBeLessThan(120);
      expect(partials()).toEqual([]);

      const resumed = await cli(['import', src, '--station', station.slug]);
      expect(resumed.code).toBe(0);
      expect(resumed.stdout).toContain(
        `120 audio files found: ${120 - partway} imported, ${partway} duplicates skipped, 0 failed`,
      );
      expect(await rows()).toHaveLength(120);
    } finally {
      rmSync(src, { recursive: true, force: true });
    }
  });
});

describe('--wait-analysis', () => {
  it('waits while the server’s analysis queue works through the imported rows', async () => {
    const src = mkdtempSync(join(tmpdir(), 'grimnir-import-analyse-'));
    // The analysis side of a running `grimnirradio serve`: its queue, a real media engine,
    // the same database and media root. The CLI only inserts `pending` rows and watches.
    const engine = await startEngine();
    const client = createEngineClient({
      address: engine.address,
      deadlineMs: 10_000,
      analysisDeadlineMs: 60_000,
    });
    const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const queue = createAnalysisQueue({
      analysed: () => undefined,
      repo: createAnalysisRepository(t.database.db),
      engine: client,
      mediaRoot: t.mediaRoot,
      clock: t.services.clock,
      disk: t.services.disk,
      log: quiet,
      isLeader: () => true,
      idleMs: 200,
    });
    try {
      await client.waitForReady(10_000);
      await makeAudio(src, 'mp3', { freq: 330, seconds: 3, name: 'good.mp3' });
      await makeAudio(src, 'flac', { freq: 770, seconds: 3, name: 'good.flac' });
      // An MP3 frame header, then garbage: accepted by the upload checks, undecodable.
      writeFileSync(
        join(src, 'undecodable.mp3'),
        Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0x64]), Buffer.alloc(64 * 1024, 7)]),
      );
      await queue.start();
      const ran = await cli(['import', src, '--station', station.slug, '--wait-analysis']);
      expect(ran.stdout).toContain(
        '3 audio files found: 3 imported, 0 duplicates skipped, 0 failed',
      );
      expect(ran.stderr).toContain('waiting for the analysis of 3 imported items');
      expect(ran.stderr).toMatch(/analysed 3\/3 · 1 failed/);
      expect(ran.stdout).toContain('analysis: 2 of 3 done, 1 failed');
      expect(ran.stdout).toMatch(/ {2}undecodable\.mp3: analysis failed: /);
      expect(ran.code).toBe(1);
      const states = (await rows()).map((r) => [r.original_filename, r.analysis_state]);
      expect(states).toEqual([
        ['good.flac', 'complete'],
        ['good.mp3', 'complete'],
        ['undecodable.mp3', 'failed'],
      ]);
    } finally {
      await queue.stop();
      client.close();
      await engine.stop();
      rmSync(src, { recursive: true, force: true });
    }
  }, 120_000);
});
