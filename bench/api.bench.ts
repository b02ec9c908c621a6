/**
 * `npm run bench:api`: requests/s and latency of the control plane on this machine, on SQLite
 * and PostgreSQL. Prints figures; asserts nothing. Loopback only, bounded in time.
 *   --seconds N      duration per scenario (default 10)
 *   --backends a,b   sqlite,postgres (default both)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { openDatabase } from '@grimnir/server/db/database.js';
import { migrateToLatest } from '@grimnir/server/db/migrator.js';
import { createPasswordHasher } from '@grimnir/server/modules/auth/passwords.js';
import { pino } from 'pino';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    backends: { type: 'string', default: 'sqlite,postgres' },
  },
});
const seconds = Number(values.seconds);
const root = resolve(import.meta.dirname, '..');
const pgAdmin = process.env.GRIMNIR_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PORT = 18_480;
const METRICS_PORT = 18_490;

interface Target {
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

async function prepare(backend: string): Promise<Target> {
  if (backend === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'grimnir-bench-'));
    return {
      env: {
        GRIMNIR_DB_BACKEND: 'sqlite',
        GRIMNIR_DB_DSN: join(dir, 'bench.db'),
        GRIMNIR_DATA_DIR: dir,
      },
      cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  }
  const name = `grimnir_bench_${randomUUID().slice(0, 8)}`;
  const admin = new pg.Client({ connectionString: pgAdmin });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(pgAdmin);
  url.pathname = `/${name}`;
  const dir = mkdtempSync(join(tmpdir(), 'grimnir-bench-'));
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

/** 100 stations and 10,000 media rows, written straight to the database. */
async function seed(env: Record<string, string>): Promise<{ stationId: string }> {
  const h = openDatabase({
    backend: env.GRIMNIR_DB_BACKEND as 'sqlite',
    dsn: env.GRIMNIR_DB_DSN!,
    readDsn: undefined,
    maxOpenConns: 4,
    maxIdleConns: 0,
  });
  await migrateToLatest(h.db, pino({ level: 'silent' }));
  const now = new Date().toISOString();
  const hash = await createPasswordHasher(10).hash('bench-password');
  await h.db
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
  const stations = Array.from({ length: 100 }, (_, i) => ({
    id: randomUUID(),
    name: `Bench ${i}`,
    slug: `bench-${i}`,
    description: '',
    timezone: 'UTC',
    active: true,
    public: true,
    loudness_target_lufs: -16,
    crossfade_ms: 3000,
    crossfade_curve: 'equal_power',
    created_at: now,
    updated_at: now,
  }));
  await h.db.insertInto('stations').values(stations).execute();
  const stationId = stations[0]!.id;
  const genres = ['rock', 'jazz', 'pop', 'ambient', 'news'];
  for (let b = 0; b < 10_000; b += 500) {
    const rows = Array.from({ length: 500 }, (_, j) => {
      const i = b + j;
      return {
        id: randomUUID(),
        station_id: stationId,
        title: `Track ${i}`,
        artist: `Artist ${i % 700}`,
        album: `Album ${i % 1200}`,
        genre: genres[i % 5]!,
        original_filename: `t${i}.mp3`,
        storage_path: `${stationId}/${i}.mp3`,
        mime_type: 'audio/mpeg',
        size_bytes: 4_000_000,
        content_hash: `h${i}`,
        tags: '[]',
        analysis_state: 'complete',
        play_count: 0,
        duration_ms: 180_000 + (i % 120) * 1000,
        created_at: new Date(Date.now() - i * 1000).toISOString(),
        updated_at: now,
      };
    });
    await h.db.insertInto('media').values(rows).execute();
  }
  await h.close();
  return { stationId };
}

async function startServer(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn('node', [join(root, 'packages/server/bin/grimnirradio.js'), 'serve'], {
    env: {
      ...process.env,
      ...env,
      GRIMNIR_HTTP_PORT: String(PORT),
      GRIMNIR_METRICS_PORT: String(METRICS_PORT),
      GRIMNIR_HTTP_BIND: '127.0.0.1',
      GRIMNIR_LOG_LEVEL: 'warn',
      GRIMNIR_RATE_LIMIT_PER_MINUTE: '1000000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 200));
    if (
      await fetch(`http://127.0.0.1:${PORT}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return child;
  }
  child.kill();
  throw new Error('server did not start');
}

async function load(
  title: string,
  path: string,
  headers: Record<string, string>,
  connections: number,
) {
  const r = await autocannon({
    url: `http://127.0.0.1:${PORT}${path}`,
    connections,
    duration: seconds,
    headers,
    pipelining: 1,
  });
  const non2xx = r.non2xx + r.errors;
  console.log(
    `  ${title.padEnd(44)} ${String(Math.round(r.requests.average)).padStart(7)} req/s   p50 ${String(r.latency.p50).padStart(4)} ms   p99 ${String(r.latency.p99).padStart(4)} ms   errors ${non2xx}`,
  );
}

for (const backend of values.backends.split(',')) {
  const target = await prepare(backend);
  try {
    const { stationId } = await seed(target.env);
    const server = await startServer(target.env);
    try {
      const login = await fetch(`http://127.0.0.1:${PORT}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'bench', password: 'bench-password' }),
      });
      const token = ((await login.json()) as { access_token: string }).access_token;
      const auth = { authorization: `Bearer ${token}` };
      console.log(`\n${backend} (${seconds} s per line, server and load generator share 2 cores)`);
      await load('GET /healthz (100 conns)', '/healthz', {}, 100);
      await load(
        'GET /api/v1/stations auth, 100 stations (50 conns)',
        '/api/v1/stations',
        auth,
        50,
      );
      await load(
        'GET /api/v1/media?q=Artist 42 of 10k rows (50 conns)',
        `/api/v1/media?station_id=${stationId}&q=Artist%2042&limit=50`,
        auth,
        50,
      );
    } finally {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
  } finally {
    await target.cleanup();
  }
}
