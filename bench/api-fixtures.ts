import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import pg from 'pg';
import { createPasswordHasher } from '@grimnir/server/modules/auth/passwords.js';
import { openSeedDatabase } from './library-fixtures.js';

/** Rows per INSERT: 17 columns, well under SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const BATCH = 1_000;
const GENRES = ['rock', 'jazz', 'pop', 'ambient', 'news'];

/**
 * 100 stations and `tracks` media rows in the first one, written straight to the database in
 * one transaction (the migrations' triggers and indexes maintained as on any insert). Titles are
 * `Track <i>`, so the number is a title word found once; `Artist <i mod 700>` and the genres
 * are on many rows. Newest first is i = 0, 1, 2, …
 */
export async function seedApiBench(
  env: Record<string, string>,
  tracks: number,
): Promise<{ stationId: string }> {
  const h = await openSeedDatabase(env);
  const now = new Date().toISOString();
  const t0 = Date.now();
  const hash = await createPasswordHasher(10).hash('bench-password');
  const stations = Array.from({ length: 100 }, (_, i) => ({
    id: randomUUID(),
    name: `Bench ${i}`,
    slug: `bench-${i}`,
    description: '',
    timezone: 'UTC',
    // Listed like any station, but not played: 100 stations on air would load the engine and
    // measure it rather than the API.
    active: false,
    public: true,
    loudness_target_lufs: -16,
    crossfade_ms: 3000,
    crossfade_curve: 'equal_power',
    created_at: now,
    updated_at: now,
  }));
  const stationId = stations[0]!.id;
  await h.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('users')
      .values({
        id: randomUUID(),
        username: 'bench',
        email: 'bench@localhost',
        password_hash: hash,
        role: 'admin',
        active: true,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await tx.insertInto('stations').values(stations).execute();
    for (let b = 0; b < tracks; b += BATCH) {
      const rows = Array.from({ length: Math.min(BATCH, tracks - b) }, (_, j) => {
        const i = b + j;
        return {
          id: randomUUID(),
          station_id: stationId,
          title: `Track ${i}`,
          artist: `Artist ${i % 700}`,
          album: `Album ${i % 1200}`,
          genre: GENRES[i % 5]!,
          original_filename: `t${i}.mp3`,
          storage_path: `${stationId}/${i}.mp3`,
          mime_type: 'audio/mpeg',
          size_bytes: 4_000_000,
          content_hash: `h${i}`,
          tags: '[]',
          analysis_state: 'complete',
          play_count: 0,
          duration_ms: 180_000 + (i % 120) * 1000,
          created_at: new Date(t0 - i * 1000).toISOString(),
          updated_at: now,
        };
      });
      await tx.insertInto('media').values(rows).execute();
    }
  });
  // Steady state: PostgreSQL's autovacuum and the control plane's periodic `PRAGMA optimize`
  // keep planner statistics; a freshly bulk-loaded database has none for a minute or so.
  await sql`analyze`.execute(h.db);
  await h.close();
  return { stationId };
}

/** utime + stime of a process in milliseconds (Linux /proc; clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0; // the process has exited since it was listed
  }
}

/**
 * PostgreSQL only: CPU of the server processes serving the bench database (its backends), so a
 * line shows what a request costs the database as well as the control plane. A backend that
 * starts or ends during a measurement is counted from or up to then.
 */
export async function databaseCpu(
  env: Record<string, string>,
): Promise<{ sample(): Promise<Map<number, number>>; close(): Promise<void> } | undefined> {
  if (env.GRIMNIR_DB_BACKEND !== 'postgres') return undefined;
  const client = new pg.Client({ connectionString: env.GRIMNIR_DB_DSN });
  await client.connect();
  return {
    async sample() {
      const r = await client.query<{ pid: number }>(
        'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
      );
      return new Map(r.rows.map(({ pid }) => [pid, cpuMs(pid)]));
    },
    close: () => client.end(),
  };
}
