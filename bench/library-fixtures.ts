import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { openDatabase } from '@grimnir/server/db/database.js';
import { migrateToLatest } from '@grimnir/server/db/migrator.js';
import { createPasswordHasher } from '@grimnir/server/modules/auth/passwords.js';

const pgAdmin = process.env.GRIMNIR_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface BenchTarget {
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

/** A throwaway database (SQLite file or PostgreSQL database) and data directory. */
export async function prepareBenchTarget(backend: 'sqlite' | 'postgres'): Promise<BenchTarget> {
  const dir = mkdtempSync(join(tmpdir(), 'grimnir-bench-library-'));
  if (backend === 'sqlite')
    return {
      env: {
        GRIMNIR_DB_BACKEND: 'sqlite',
        GRIMNIR_DB_DSN: join(dir, 'bench.db'),
        GRIMNIR_DATA_DIR: dir,
      },
      cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  const name = `grimnir_bench_${randomUUID().slice(0, 8)}`;
  const admin = new pg.Client({ connectionString: pgAdmin });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(pgAdmin);
  url.pathname = `/${name}`;
  return {
    env: { GRIMNIR_DB_BACKEND: 'postgres', GRIMNIR_DB_DSN: url.toString(), GRIMNIR_DATA_DIR: dir },
    async cleanup() {
      const c = new pg.Client({ connectionString: pgAdmin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface LibraryFixture {
  stationId: string;
  words: string[];
  artists: string[];
  genres: string[];
  tags: string[];
}

/** Deterministic pseudo-random numbers (mulberry32), so every run searches the same library. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ra',
  'ne',
  'so',
  'tu',
  'vi',
  'da',
  'ber',
  'lin',
  'mon',
  'sha',
  'tor',
  'ven',
  'gal',
  'pri',
  'dus',
  'el',
  'or',
];

/** The database a bench server will use (its GRIMNIR_DB_* variables), migrated, to seed. */
export async function openSeedDatabase(env: Record<string, string>) {
  const h = openDatabase({
    backend: env.GRIMNIR_DB_BACKEND as 'sqlite',
    dsn: env.GRIMNIR_DB_DSN ?? '',
    readDsn: undefined,
    maxOpenConns: 4,
    maxIdleConns: 0,
  });
  await migrateToLatest(h.db, pino({ level: 'silent' }));
  return h;
}

/**
 * A library shaped like a station's: 3,000 title words, 8,000 artists of two words, 15,000
 * albums, 30 genres, 40 tags (plus one on 20 tracks only), 0.5 % failed analyses, 1 % re-uploads
 * of the same recording, plays on 60 % of tracks, additions spread over three years.
 */
export async function seedLibrary(
  env: Record<string, string>,
  tracks: number,
): Promise<LibraryFixture> {
  const h = await openSeedDatabase(env);
  const now = new Date().toISOString();
  await h.db
    .insertInto('users')
    .values({
      id: randomUUID(),
      username: 'bench',
      email: 'bench@localhost',
      password_hash: await createPasswordHasher(10).hash('bench-password'),
      role: 'admin',
      active: true,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const stationId = randomUUID();
  await h.db
    .insertInto('stations')
    .values({
      id: stationId,
      name: 'Bench',
      slug: 'bench',
      description: '',
      timezone: 'UTC',
      active: true,
      public: true,
      loudness_target_lufs: -16,
      crossfade_ms: 3000,
      crossfade_curve: 'equal_power',
      created_at: now,
      updated_at: now,
    })
    .execute();
  const r = rng(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)] as T;
  const word = () =>
    Array.from({ length: 2 + Math.floor(r() * 2) }, () => pick(SYLLABLES)).join('');
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  const words = [...new Set(Array.from({ length: 3_500 }, word))].slice(0, 3_000);
  const artists = Array.from({ length: 8_000 }, () => `${cap(pick(words))} ${cap(pick(words))}`);
  const albums = Array.from({ length: 15_000 }, () => `${cap(pick(words))} ${pick(words)}`);
  const genres = Array.from({ length: 30 }, (_, i) => `${cap(pick(words))}${i}`);
  const tags = Array.from({ length: 40 }, (_, i) => `${pick(words)}${i}`);
  const start = Date.now() - 3 * 365 * 86_400_000;
  let previous: { title: string; artist: string; duration_ms: number } | undefined;
  for (let b = 0; b < tracks; b += 1_000) {
    const rows = Array.from({ length: Math.min(1_000, tracks - b) }, (_, j) => {
      const i = b + j;
      const id = randomUUID();
      const dup = previous !== undefined && r() < 0.01;
      const title =
        dup && previous
          ? previous.title
          : Array.from({ length: 1 + Math.floor(r() * 3) }, () => cap(pick(words))).join(' ');
      const artist = dup && previous ? previous.artist : pick(artists);
      const duration =
        dup && previous ? previous.duration_ms + 200 : 120_000 + Math.floor(r() * 240_000);
      previous = { title, artist, duration_ms: duration };
      const failed = r() < 0.005;
      const itemTags = [
        pick(tags),
        ...(r() < 0.3 ? [pick(tags)] : []),
        ...(i % 5_000 === 0 ? ['rare'] : []),
      ];
      return {
        id,
        station_id: stationId,
        title,
        artist,
        album: pick(albums),
        genre: pick(genres),
        tags: JSON.stringify([...new Set(itemTags)]),
        duration_ms: failed ? null : duration,
        original_filename: `${i}.mp3`,
        storage_path: `${stationId}/${id}.mp3`,
        mime_type: 'audio/mpeg',
        size_bytes: 6_000_000,
        content_hash: id,
        analysis_state: failed ? 'failed' : 'complete',
        analysis_error: failed ? 'decoder error' : null,
        play_count: 0,
        last_played_at:
          r() < 0.6 ? new Date(Date.now() - Math.floor(r() * 90 * 86_400_000)).toISOString() : null,
        created_at: new Date(start + Math.floor((i / tracks) * 3 * 365 * 86_400_000)).toISOString(),
        updated_at: now,
      };
    });
    await h.db.insertInto('media').values(rows).execute();
  }
  // Steady state: PostgreSQL's autovacuum and the control plane's periodic `PRAGMA optimize`
  // keep planner statistics; a freshly bulk-loaded database has none yet.
  await sql`analyze`.execute(h.db);
  await h.close();
  return { stationId, words, artists, genres, tags };
}
