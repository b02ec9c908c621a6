import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { openDatabase, type DatabaseHandle, type DbConfig } from '@grimnir/server/db/database.js';
import { migrateToLatest } from '@grimnir/server/db/migrator.js';
import { singleInstanceLeadership } from '@grimnir/server/infra/leadership.js';
import {
  createProgrammeRepos,
  createSchedulerMetrics,
  createSchedulerService,
  createPlanWorkers,
  inProcessLock,
  planOnThisThread,
  planWithWorkers,
  planWorkerCount,
  type ProgrammeRepos,
  type StationRef,
} from '@grimnir/server/modules/programming/index.js';
import { benchBlocks, benchClock, benchLibrary, LOOKAHEAD_MS } from './schedule-fixtures.js';

const silent = pino({ level: 'silent' });
const PG_ADMIN = process.env.GRIMNIR_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface DbBench {
  handle: DatabaseHandle;
  config: DbConfig;
  cleanup(): Promise<void>;
}

export async function openBenchDb(backend: 'sqlite' | 'postgres'): Promise<DbBench> {
  if (backend === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'grimnir-bench-'));
    const config: DbConfig = {
      backend,
      dsn: join(dir, 'bench.db'),
      readDsn: undefined,
      maxOpenConns: 4,
      maxIdleConns: 1,
    };
    const handle = openDatabase(config);
    await migrateToLatest(handle.db, silent);
    return {
      handle,
      config,
      cleanup: async () => {
        await handle.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `grimnir_bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  const config: DbConfig = {
    backend,
    dsn: url.toString(),
    readDsn: undefined,
    maxOpenConns: 8,
    maxIdleConns: 2,
  };
  const handle = openDatabase(config);
  await migrateToLatest(handle.db, silent);
  return {
    handle,
    config,
    async cleanup() {
      await handle.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** Station 0 gets the generated library row by row; the others copy it inside the database. */
export async function seedStations(handle: DatabaseHandle, count: number): Promise<StationRef[]> {
  const db = handle.db;
  const stations: StationRef[] = Array.from({ length: count }, () => ({
    id: randomUUID(),
    timezone: 'Europe/London',
  }));
  for (const [i, s] of stations.entries()) {
    await db
      .insertInto('stations')
      .values({
        id: s.id,
        name: `Bench ${i}`,
        slug: `bench-${i}-${s.id.slice(0, 8)}`,
        description: '',
        timezone: s.timezone,
        active: true,
        public: true,
        loudness_target_lufs: -16,
        crossfade_ms: 3000,
        crossfade_curve: 'equal_power',
      })
      .execute();
  }
  const first = stations[0] as StationRef;
  const rows = benchLibrary().map((t) => ({
    id: `${first.id.slice(0, 8)}-${t.id}`,
    station_id: first.id,
    title: t.title,
    artist: t.artist,
    album: t.album ?? null,
    genre: t.genre ?? null,
    year: t.year ?? null,
    track_number: null,
    isrc: null,
    mood: t.mood ?? null,
    language: t.language ?? null,
    label: t.label ?? null,
    bpm: t.bpm ?? null,
    explicit: t.explicit ?? false,
    tags: JSON.stringify(t.tags ?? []),
    duration_ms: t.durationMs,
    original_filename: `${t.id}.mp3`,
    storage_path: `${t.id}.mp3`,
    mime_type: 'audio/mpeg',
    size_bytes: 1,
    content_hash: t.id,
    has_artwork: false,
    artwork_path: null,
    active: true,
    analysis_state: 'done',
    analysis_error: null,
    loudness_lufs: null,
    loudness_range_lu: null,
    true_peak_dbtp: null,
    replaygain_db: null,
    cue_in_ms: null,
    cue_out_ms: null,
    intro_ms: null,
    outro_ms: null,
    analyzed_at: null,
    play_count: t.playCount ?? 0,
    last_played_at: null,
  }));
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < rows.length; i += 500)
      await tx
        .insertInto('media')
        .values(rows.slice(i, i + 500))
        .execute();
  });
  for (const s of stations.slice(1)) {
    await sql`INSERT INTO media (id, station_id, title, artist, album, genre, year, mood, language, label, bpm, explicit, tags, duration_ms,
        original_filename, storage_path, mime_type, size_bytes, content_hash, active, analysis_state, play_count)
      SELECT ${s.id.slice(0, 8)} || substr(id, 9), ${s.id}, title, artist, album, genre, year, mood, language, label, bpm, explicit, tags, duration_ms,
        original_filename, storage_path, mime_type, size_bytes, content_hash, active, analysis_state, play_count
      FROM media WHERE station_id = ${first.id}`.execute(db);
  }
  return stations;
}

/** Four smart blocks and a 24-hour clock of four smart-block slots per station. */
export async function seedProgramme(
  repos: ProgrammeRepos,
  stations: readonly StationRef[],
): Promise<void> {
  const now = new Date().toISOString();
  for (const s of stations) {
    const ids = new Map<string, string>();
    await repos.smartBlocks.transaction(async (tx) => {
      for (const [key, rules] of benchBlocks()) {
        const id = randomUUID();
        ids.set(key, id);
        await repos.smartBlocks.insert(
          { id, station_id: s.id, name: key, description: '', rules },
          now,
          tx,
        );
      }
    });
    const clock = benchClock();
    const id = randomUUID();
    await repos.clocks.transaction(async (tx) => {
      await repos.clocks.insert(
        { id, station_id: s.id, name: clock.name, priority: 0, hours: [...clock.hours] },
        now,
        tx,
      );
      await repos.clocks.replaceSlots(
        id,
        clock.slots.map((slot) => ({
          offset_ms: slot.offsetMs,
          type: slot.type,
          payload: { smart_block_id: ids.get(slot.payload.smart_block_id ?? '') ?? '' },
        })),
        tx,
      );
    });
  }
}

export function benchScheduler(
  handle: DatabaseHandle,
  dbConfig: DbConfig,
  stations: readonly StationRef[],
  nowMs: number,
) {
  const db = handle.db;
  const repos = createProgrammeRepos(db);
  // As the server plans (worker threads and this one), or BENCH_PLAN=thread: this one only.
  const workers = createPlanWorkers({ size: planWorkerCount(), db: dbConfig, log: silent });
  const plan =
    process.env.BENCH_PLAN === 'thread' ? planOnThisThread(repos) : planWithWorkers(repos, workers);
  const scheduler = createSchedulerService({
    repos,
    stations: {
      activeStations: () => Promise.resolve([...stations]),
      find: (id) => Promise.resolve(stations.find((s) => s.id === id)),
    },
    clock: { now: () => new Date(nowMs) },
    lock: inProcessLock(),
    leadership: singleInstanceLeadership(),
    // No consoles listen in a bench.
    announce: () => undefined,
    // One process, one leader: nothing to fence.
    fence: () => Promise.resolve(),
    metrics: createSchedulerMetrics(new Registry()),
    plan,
    log: silent,
    lookaheadMs: LOOKAHEAD_MS,
    tickIntervalMs: 60_000,
  });
  return { repos, scheduler, stopWorkers: () => workers.close() };
}

/** Wall time and this process's CPU time (user + system): on a shared, loaded machine the CPU figure is the steadier one. */
export async function timed<T>(fn: () => Promise<T>): Promise<[T, string]> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const value = await fn();
  const cpu = process.cpuUsage(c0);
  return [
    value,
    `${(performance.now() - t0).toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU`,
  ];
}
