/**
 * `npm run bench:api`: requests/s and latency of the control plane on this machine, on SQLite
 * and PostgreSQL, each line beside a minimal Fastify hello-world (bench/api-peer.ts) loaded the
 * same way just before it, with the ratio: the machine is shared, so the ratio is the figure
 * that carries from one run to the next. Prints figures; asserts nothing. Loopback only,
 * bounded in time.
 *   --seconds N      duration per scenario and per side (default 10)
 *   --backends a,b   sqlite,postgres (default both)
 *   --only a,b       healthz,stations,media (default all)
 *   --profile DIR    write the control plane's CPU profile (node --cpu-prof) into DIR
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { startEngine } from '@grimnir/test-kit/engine-process.js';
import { freePort } from '@grimnir/test-kit/icecast.js';
import { spawnTied } from '@grimnir/test-kit/tied-spawn.js';
import { openDatabase } from '@grimnir/server/db/database.js';
import { migrateToLatest } from '@grimnir/server/db/migrator.js';
import { createPasswordHasher } from '@grimnir/server/modules/auth/passwords.js';
import { pino } from 'pino';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    backends: { type: 'string', default: 'sqlite,postgres' },
    only: { type: 'string', default: 'healthz,stations,media' },
    profile: { type: 'string' },
  },
});
const seconds = Number(values.seconds);
const only = new Set(values.only.split(','));
const root = resolve(import.meta.dirname, '..');
const pgAdmin = process.env.GRIMNIR_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PORT = await freePort();
const METRICS_PORT = await freePort();
const PEER_PORT = await freePort();

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

async function waitUntilUp(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 200));
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
  }
  child.kill();
  throw new Error(`${url} did not answer`);
}

async function startServer(
  env: Record<string, string>,
  engineAddress: string,
): Promise<ChildProcess> {
  const prof = values.profile === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', values.profile];
  const bin = join(root, 'packages/server/bin/grimnirradio.js');
  const child = spawnTied('node', [...prof, bin, 'serve'], {
    env: {
      ...process.env,
      ...env,
      // A real engine: /healthz is honestly 503 without one.
      GRIMNIR_MEDIA_ENGINE_GRPC_ADDR: engineAddress,
      GRIMNIR_HTTP_PORT: String(PORT),
      GRIMNIR_METRICS_PORT: String(METRICS_PORT),
      GRIMNIR_HTTP_BIND: '127.0.0.1',
      GRIMNIR_LOG_LEVEL: 'warn',
      GRIMNIR_RATE_LIMIT_PER_MINUTE: '1000000',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.pipe(process.stderr);
  await waitUntilUp(`http://127.0.0.1:${PORT}/healthz`, child);
  return child;
}

async function startPeer(): Promise<ChildProcess> {
  const child = spawnTied(
    'node',
    ['--import', 'tsx', join(root, 'bench/api-peer.ts'), String(PEER_PORT)],
    { stdio: ['ignore', 'ignore', 'ignore'] },
  );
  await waitUntilUp(`http://127.0.0.1:${PEER_PORT}/`, child);
  return child;
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** The server's own CPU time per answered request: unlike req/s, it holds on a busy machine. */
  cpuUs: number;
}

/** utime + stime of a process in milliseconds (Linux /proc; clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function measure(
  url: string,
  headers: Record<string, string>,
  connections: number,
  pid: number,
): Promise<Figures> {
  const cpu0 = cpuMs(pid);
  const r = await autocannon({ url, connections, duration: seconds, headers, pipelining: 1 });
  const cpu = cpuMs(pid) - cpu0;
  return {
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.non2xx + r.errors,
    cpuUs: Math.round((cpu * 1000) / Math.max(1, r.requests.total)),
  };
}

const line = (title: string, f: Figures, extra = '') =>
  `  ${title.padEnd(52)} ${String(f.rps).padStart(6)} req/s  p50 ${String(f.p50).padStart(3)} ms  p99 ${String(f.p99).padStart(4)} ms  ${String(f.cpuUs).padStart(4)} µs CPU/req  errors ${f.errors}${extra}`;

/** The peer first, then the control plane, with the same connections and duration. */
async function load(
  pids: { peer: number; server: number },
  title: string,
  path: string,
  headers: Record<string, string>,
  connections: number,
): Promise<void> {
  const peer = await measure(`http://127.0.0.1:${PEER_PORT}/`, {}, connections, pids.peer);
  const ours = await measure(`http://127.0.0.1:${PORT}${path}`, headers, connections, pids.server);
  console.log(line(`hello-world peer (${connections} conns)`, peer));
  console.log(line(title, ours, `  ${(ours.rps / peer.rps).toFixed(2)}× the peer`));
}

const load1 = () => loadavg()[0]!.toFixed(2);

const peer = await startPeer();
const engine = await startEngine({ GRIMNIR_LOG_LEVEL: 'info' }, [
  join(root, 'packages/media-engine/dist/main.js'),
]);
try {
  for (const backend of values.backends.split(',')) {
    const target = await prepare(backend);
    try {
      const { stationId } = await seed(target.env);
      const server = await startServer(target.env, engine.address);
      try {
        const login = await fetch(`http://127.0.0.1:${PORT}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'bench', password: 'bench-password' }),
        });
        const token = ((await login.json()) as { access_token: string }).access_token;
        const auth = { authorization: `Bearer ${token}` };
        const pids = { peer: peer.pid ?? 0, server: server.pid ?? 0 };
        console.log(
          `\n${backend} (${seconds} s per line; server, peer and load generator share 2 cores; load average ${load1()})`,
        );
        if (only.has('healthz')) await load(pids, 'GET /healthz (100 conns)', '/healthz', {}, 100);
        if (only.has('stations'))
          await load(
            pids,
            'GET /api/v1/stations auth, 100 stations (50 conns)',
            '/api/v1/stations',
            auth,
            50,
          );
        if (only.has('media'))
          await load(
            pids,
            'GET /api/v1/media?q=Artist 42 of 10k rows (50 conns)',
            `/api/v1/media?station_id=${stationId}&q=Artist%2042&limit=50`,
            auth,
            50,
          );
        console.log(`  (load average after: ${load1()})`);
      } finally {
        server.kill('SIGTERM');
        await new Promise((r) => server.once('exit', r));
      }
    } finally {
      await target.cleanup();
    }
  }
} finally {
  peer.kill('SIGTERM');
  await engine.stop();
}
