// `npm run bench:soak -- --hours N` (or `--minutes N`): three stations on the real binaries
// through a repeating cycle of traffic and faults, heard by decoded listeners; prints a table
// per station and per process and writes the JSON to artifacts/soak/ (or --json <file>).
// Operations guide: docs/operations.md#soak-bench.
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { makeTempDir, makeTone } from '@grimnir/test-kit/fixtures.js';
import { freePort } from '@grimnir/test-kit/icecast.js';
import { login } from '@grimnir/server/test-support/control-plane-process.js';
import { buildBinaries } from '../build.js';
import { ownPostgres, ownRedis, smallDisk } from './infra.js';
import { leftovers, replica, supervisedEngine } from './processes.js';
import { makeStations } from './stations.js';
import { checkFaultNames, runSchedule } from './faults.js';
import { observe } from './observe.js';
import { report } from './report.js';

const root = path.resolve(import.meta.dirname, '../..');
const { values } = parseArgs({
  options: {
    hours: { type: 'string' },
    minutes: { type: 'string' },
    stations: { type: 'string', default: '3' },
    json: { type: 'string' },
    // Only these faults (comma-separated names, e.g. engine_kill), on a shorter cycle: a focused
    // run while working on one fault. The full schedule is what the done criteria are read from.
    only: { type: 'string' },
    'cycle-seconds': { type: 'string' },
  },
});
const only = values.only?.split(',').filter((n) => n !== '');
if (only) checkFaultNames(only);
const durationMs =
  values.minutes !== undefined
    ? Number(values.minutes) * 60_000
    : Number(values.hours ?? '1') * 3_600_000;
if (!(durationMs >= 120_000)) throw new Error('--minutes 2 or more (or --hours N)');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (msg: string) => process.stdout.write(`${new Date().toISOString()} soak: ${msg}\n`);

log('building the binaries (incremental)');
buildBinaries();

const marker = `GRIMNIR_SOAK_${randomUUID()}`;
const tmp = await makeTempDir('grimnir-soak-');
const baseEnv = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '/tmp',
  GST_GRIMNIR_SOAK_MARKER: marker,
};
// Interrupted (Ctrl-C, a timeout): what was started is stopped, newest first, and nothing is
// left running or mounted; the report is not written.
const teardown: (() => Promise<unknown>)[] = [() => tmp.cleanup()];
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    log(`${signal}: stopping everything (no report)`);
    void (async () => {
      for (const step of teardown.reverse()) await step().catch(() => undefined);
      process.exit(130);
    })();
  });
const pg = await ownPostgres(tmp.dir);
teardown.push(() => pg.stop());
const redis = await ownRedis(baseEnv);
teardown.push(() => redis.kill());
const disk = await smallDisk(path.join(tmp.dir, 'media'), 96);
if (!disk)
  throw new Error('mounting a tmpfs for the media root is not permitted here (needs root)');
teardown.push(() => disk.unmount());
log(`own PostgreSQL ${pg.dsn}, own Redis ${redis.addr}, media root on a 96 MB tmpfs`);

const engineAddr = `127.0.0.1:${await freePort()}`;
const engine = supervisedEngine(
  {
    ...baseEnv,
    GRIMNIR_MEDIA_ENGINE_GRPC_ADDR: engineAddr,
    GRIMNIR_MEDIA_ENGINE_METRICS_PORT: String(await freePort()),
    GRIMNIR_MEDIA_ENGINE_LATENCY: '200',
    GRIMNIR_MEDIA_ENGINE_OUTBOUND_ALLOW: '127.0.0.1',
    GRIMNIR_LOG_LEVEL: 'info',
  },
  path.join(tmp.dir, 'engine.log'),
);
teardown.push(() => engine.stop());
const PASSWORD = 'soak-admin-password-1';
const cpEnv = {
  ...baseEnv,
  GRIMNIR_DB_BACKEND: 'postgres',
  GRIMNIR_DB_DSN: pg.dsn,
  GRIMNIR_REDIS_ADDR: redis.addr,
  GRIMNIR_MEDIA_ROOT: disk.dir,
  GRIMNIR_MEDIA_MIN_FREE_MB: '8',
  GRIMNIR_MEDIA_ENGINE_GRPC_ADDR: engineAddr,
  GRIMNIR_ADMIN_PASSWORD: PASSWORD,
  GRIMNIR_JWT_TTL_MINUTES: '1440',
};
const replicaOpts = async (name: string) => ({
  dataDir: path.join(tmp.dir, name),
  httpPort: await freePort(),
  metricsPort: await freePort(),
  env: cpEnv,
});
// A leads first and is the one restarted; B serves the listeners and the polls throughout.
const a = await replica('replica-a', await replicaOpts('a'));
teardown.push(() => a.stop());
const b = await replica('replica-b', await replicaOpts('b'));
teardown.push(() => b.stop());
const api = await login(b.url, 'admin', PASSWORD);
const stations = await makeStations(api, tmp.dir, Number(values.stations));
const toneFile = await makeTone(path.join(tmp.dir, 'upload.mp3'), { freq: 3_000, seconds: 20 });
log(`${stations.length} stations: ${stations.map((s) => s.slug).join(', ')}`);
for (const st of stations) {
  for (let i = 0; ; i++) {
    const np = await api.call<{ current: unknown }>('GET', `/api/v1/stations/${st.id}/now-playing`);
    if (np.current !== null) break;
    if (i > 240) throw new Error(`${st.slug} never went on air`);
    await sleep(500);
  }
}
log('all stations on air; listening');

const obs = observe({
  stations,
  streamBase: b.url,
  nowPlaying: (id) => api.call('GET', `/api/v1/stations/${id}/now-playing`),
  replicas: [a, b],
  procs: {
    mediaengine: () => engine.pid(),
    'replica-a': () => a.pid(),
    'replica-b': () => b.pid(),
    postgres: () => pg.pid(),
    redis: () => redis.pid(),
  },
  env: baseEnv,
});
await sleep(20_000);
const fromMs = Date.now();
const endMs = fromMs + durationMs;
const cycleMs =
  values['cycle-seconds'] !== undefined
    ? Number(values['cycle-seconds']) * 1_000
    : Math.min(600_000, durationMs - 60_000);
if (!(cycleMs >= 20_000)) throw new Error('--cycle-seconds 20 or more');
log(`soaking for ${durationMs / 60_000} min, fault cycle ${cycleMs / 1000} s`);
const events = await runSchedule(
  {
    api,
    base: b.url,
    engine,
    engineAddr,
    restartable: a,
    pg,
    redis,
    disk,
    stations,
    toneFile,
    env: baseEnv,
    log,
  },
  fromMs,
  cycleMs,
  endMs,
  only,
);
await sleep(Math.max(0, endMs - Date.now()));
const recorded = await obs.stop(api);

log('stopping everything');
await Promise.all([a.stop(), b.stop()]);
await engine.stop();
await redis.kill();
await pg.stop();
await sleep(2_000);
const orphans = leftovers(marker);
const out =
  values.json ??
  path.join(
    root,
    'artifacts/soak',
    `soak-${new Date(fromMs).toISOString().replace(/[:.]/g, '-')}.json`,
  );
// The processes' own logs beside the JSON: what an operator would read after a bad night.
const logsDir = out.replace(/\.json$/, '') + '.logs';
mkdirSync(logsDir, { recursive: true });
for (const r of [a, b]) writeFileSync(path.join(logsDir, `${r.name}.log`), r.logs());
copyFileSync(path.join(tmp.dir, 'engine.log'), path.join(logsDir, 'mediaengine.log'));
log(`logs in ${logsDir}`);
await disk.unmount();
await tmp.cleanup();

const result = report({
  fromMs,
  toMs: endMs,
  stations,
  events,
  recorded,
  orphans,
  engineRestarts: engine.restarts(),
  replicas: [a, b],
});
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
log(`JSON written to ${out}`);
process.exit(0);
