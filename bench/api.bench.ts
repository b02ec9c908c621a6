/**
 * `npm run bench:api`: requests/s and latency of the control plane on this machine, on SQLite
 * and PostgreSQL, each line beside a minimal Fastify hello-world (bench/api-peer.ts) loaded the
 * same way just before it, with the ratio: the machine is shared, so the ratio is the figure
 * that carries from one run to the next. Prints figures; asserts nothing. Loopback only,
 * bounded in time.
 *   --seconds N      duration per scenario and per side (default 10)
 *   --backends a,b   sqlite,postgres (default both)
 *   --only a,b       healthz,stations,media (default all)
 *   --tracks N       media rows for the media lines (default 100000; seeded only for them)
 *   --profile DIR    write the control plane's CPU profile (node --cpu-prof) into DIR
 *   --log-level L    the control plane's GRIMNIR_LOG_LEVEL (default info, production's: the
 *                    access log is part of what a request costs; its lines go to /dev/null)
 */
import type { ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startEngine } from '@grimnir/test-kit/engine-process.js';
import { freePort } from '@grimnir/test-kit/icecast.js';
import { spawnTied } from '@grimnir/test-kit/tied-spawn.js';
import { cpuMs, databaseCpu, seedApiBench } from './api-fixtures.js';
import { prepareBenchTarget } from './library-fixtures.js';
import { buildBinaries } from './build.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    backends: { type: 'string', default: 'sqlite,postgres' },
    only: { type: 'string', default: 'healthz,stations,media' },
    profile: { type: 'string' },
    tracks: { type: 'string', default: '100000' },
    'log-level': { type: 'string', default: 'info' },
  },
});
const seconds = Number(values.seconds);
const only = new Set(values.only.split(','));
const root = resolve(import.meta.dirname, '..');
buildBinaries();
const TRACKS = Number(values.tracks);
const PORT = await freePort();
const METRICS_PORT = await freePort();
const PEER_PORT = await freePort();

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
      GRIMNIR_LOG_LEVEL: values['log-level'],
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
  /** PostgreSQL: its backends' CPU time per answered request. */
  dbUs?: number | undefined;
}

type DbCpu = Awaited<ReturnType<typeof databaseCpu>>;

async function measure(
  url: string,
  headers: Record<string, string>,
  connections: number,
  pid: number,
  db?: DbCpu,
): Promise<Figures> {
  const db0 = await db?.sample();
  const cpu0 = cpuMs(pid);
  const r = await autocannon({ url, connections, duration: seconds, headers, pipelining: 1 });
  const cpu = cpuMs(pid) - cpu0;
  const db1 = await db?.sample();
  const perRequest = (ms: number) => Math.round((ms * 1000) / Math.max(1, r.requests.total));
  let dbMs = 0;
  for (const [p, ms] of db1 ?? []) dbMs += ms - (db0?.get(p) ?? 0);
  return {
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.non2xx + r.errors,
    cpuUs: perRequest(cpu),
    dbUs: db === undefined ? undefined : perRequest(dbMs),
  };
}

const line = (title: string, f: Figures, extra = '') =>
  `  ${title.padEnd(56)} ${String(f.rps).padStart(6)} req/s  p50 ${String(f.p50).padStart(3)} ms  p99 ${String(f.p99).padStart(4)} ms  ${String(f.cpuUs).padStart(4)} µs CPU/req${f.dbUs === undefined ? '' : ` + ${f.dbUs} µs db`}  errors ${f.errors}${extra}`;

/** The peer first, then the control plane, with the same connections and duration. */
async function load(
  pids: { peer: number; server: number; db?: DbCpu },
  title: string,
  path: string,
  headers: Record<string, string>,
  connections: number,
): Promise<void> {
  const peer = await measure(`http://127.0.0.1:${PEER_PORT}/`, {}, connections, pids.peer);
  const url = `http://127.0.0.1:${PORT}${path}`;
  const ours = await measure(url, headers, connections, pids.server, pids.db);
  console.log(line(`hello-world peer (${connections} conns)`, peer));
  console.log(line(title, ours, `  ${(ours.rps / peer.rps).toFixed(2)}× the peer`));
}

/**
 * The library at `--tracks` rows: a broad search under load (50 connections) and as one
 * operator typing sees it (4 connections: a request per keystroke, a few in flight), a first page
 * without a search, and a narrow search (one title word found once).
 */
async function mediaLines(
  pids: { peer: number; server: number; db?: DbCpu },
  stationId: string,
  auth: Record<string, string>,
): Promise<void> {
  const rows = `${Math.round(TRACKS / 1000)}k rows`;
  const list = `/api/v1/media?station_id=${stationId}&limit=50`;
  const broad = `${list}&q=Artist%2042`;
  await load(pids, `GET /api/v1/media?q=Artist 42, ${rows} (50 conns)`, broad, auth, 50);
  await load(pids, `GET /api/v1/media?q=Artist 42, ${rows} (4 conns)`, broad, auth, 4);
  await load(pids, `GET /api/v1/media first page, ${rows} (4 conns)`, list, auth, 4);
  const word = String(Math.floor(TRACKS * 0.98765));
  await load(pids, `GET /api/v1/media?q=${word}, 1 match (4 conns)`, `${list}&q=${word}`, auth, 4);
}

const load1 = () => loadavg()[0]!.toFixed(2);

const peer = await startPeer();
const engine = await startEngine({ GRIMNIR_LOG_LEVEL: 'info' }, [
  join(root, 'packages/media-engine/dist/main.js'),
]);
try {
  for (const backend of values.backends.split(',')) {
    const target = await prepareBenchTarget(backend as 'sqlite' | 'postgres');
    try {
      const t0 = performance.now();
      const { stationId } = await seedApiBench(target.env, only.has('media') ? TRACKS : 0);
      const seedS = ((performance.now() - t0) / 1000).toFixed(0);
      const server = await startServer(target.env, engine.address);
      const db = await databaseCpu(target.env);
      try {
        const login = await fetch(`http://127.0.0.1:${PORT}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'bench', password: 'bench-password' }),
        });
        const token = ((await login.json()) as { access_token: string }).access_token;
        const auth = { authorization: `Bearer ${token}` };
        const pids = { peer: peer.pid ?? 0, server: server.pid ?? 0, db };
        console.log(
          `\n${backend} (${seconds} s per line; server, peer and load generator share 2 cores; load average ${load1()}; seeded in ${seedS} s)`,
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
        if (only.has('media')) await mediaLines(pids, stationId, auth);
        console.log(`  (load average after: ${load1()})`);
      } finally {
        await db?.close();
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
