/**
 * `npm run bench:memory [-- --stations 10 --backends sqlite,postgres --load-seconds 20]`: the
 * control plane's memory with N stations on air (the real binaries: `grimnirradio serve` and
 * `mediaengine`), at rest, under API load, and 60 s after the load stopped, read from its own
 * Prometheus endpoint (what an SRE's dashboard shows), beside a minimal Fastify hello-world
 * process as the floor of a Node HTTP server. Prints figures; asserts nothing. Loopback only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startEngine } from '@grimnir/test-kit/engine-process.js';
import { freePort } from '@grimnir/test-kit/icecast.js';
import { spawnTied } from '@grimnir/test-kit/tied-spawn.js';
import {
  buildControlPlane,
  login,
  startControlPlane,
} from '@grimnir/server/test-support/control-plane-process.js';
import { createEmptyPostgresDatabase } from '@grimnir/server/test-support/db.js';
import { makeStations } from './soak/stations.js';

const { values } = parseArgs({
  options: {
    stations: { type: 'string', default: '10' },
    backends: { type: 'string', default: 'sqlite,postgres' },
    'load-seconds': { type: 'string', default: '20' },
    'settle-seconds': { type: 'string', default: '60' },
    /** NODE_OPTIONS for the control plane, to compare V8 settings (e.g. --max-semi-space-size). */
    'node-options': { type: 'string', default: '' },
  },
});
const stationCount = Number(values.stations);
const loadSeconds = Number(values['load-seconds']);
const settleSeconds = Number(values['settle-seconds']);
const root = resolve(import.meta.dirname, '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

interface Memory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
}

/** The figures of the control plane's own /metrics (prom-client default metrics). */
async function memoryOf(metricsUrl: string): Promise<Memory> {
  const text = await (await fetch(metricsUrl)).text();
  const read = (name: string) => {
    const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, 'm').exec(text);
    if (!m) throw new Error(`${name} missing from ${metricsUrl}`);
    return Number(m[1]);
  };
  return {
    rss: read('process_resident_memory_bytes'),
    heapUsed: read('nodejs_heap_size_used_bytes'),
    heapTotal: read('nodejs_heap_size_total_bytes'),
    external: read('nodejs_external_memory_bytes'),
  };
}

const row = (title: string, m: Memory) =>
  `  ${title.padEnd(44)} RSS ${mb(m.rss).padStart(9)}  heap ${mb(m.heapUsed).padStart(8)} of ${mb(m.heapTotal).padStart(8)}  external ${mb(m.external).padStart(8)}`;

/** RSS of the peer process from /proc (it has no metrics endpoint). */
async function rssOfPid(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

// bench/api-peer.ts in plain JavaScript (under tsx the loader alone adds ~40 MB); `npm run`
// starts benches at the repository root, where `fastify` resolves.
const PEER = `import Fastify from 'fastify';
const app = Fastify({ logger: false });
app.get('/', () => ({ hello: 'world' }));
await app.listen({ port: Number(process.argv[1]), host: '127.0.0.1' });`;

async function peerRss(): Promise<number> {
  const port = await freePort();
  const child = spawnTied('node', ['--input-type=module', '-e', PEER, String(port)], {
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  try {
    for (let i = 0; i < 100; i++) {
      if (
        await fetch(`http://127.0.0.1:${port}/`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await sleep(200);
    }
    await autocannon({ url: `http://127.0.0.1:${port}/`, connections: 50, duration: 5 });
    await sleep(2_000);
    return await rssOfPid(child.pid ?? 0);
  } finally {
    child.kill('SIGTERM');
  }
}

async function backendEnv(backend: string, dir: string) {
  if (backend === 'sqlite')
    return {
      env: { GRIMNIR_DB_BACKEND: 'sqlite', GRIMNIR_DB_DSN: join(dir, 'bench.db') },
      cleanup: () => Promise.resolve(),
    };
  const db = await createEmptyPostgresDatabase();
  return { env: { GRIMNIR_DB_BACKEND: 'postgres', GRIMNIR_DB_DSN: db.dsn }, cleanup: db.cleanup };
}

async function run(backend: string, engineAddress: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'grimnir-memory-'));
  const target = await backendEnv(backend, dir);
  const metricsPort = await freePort();
  const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  const cp = await startControlPlane({
    dataDir: join(dir, 'data'),
    httpPort: await freePort(),
    metricsPort,
    env: {
      ...target.env,
      GRIMNIR_MEDIA_ROOT: join(dir, 'media'),
      GRIMNIR_MEDIA_ENGINE_GRPC_ADDR: engineAddress,
      GRIMNIR_ADMIN_PASSWORD: 'memory-bench-password-1',
      GRIMNIR_LOG_LEVEL: 'warn',
      GRIMNIR_RATE_LIMIT_PER_MINUTE: '1000000',
      ...(values['node-options'] !== '' && { NODE_OPTIONS: values['node-options'] }),
    },
  });
  try {
    console.log(
      `\n${backend}: ${stationCount} stations on air${values['node-options'] === '' ? '' : ` (NODE_OPTIONS=${values['node-options']})`}`,
    );
    console.log(row('started, no station', await memoryOf(metricsUrl)));
    const api = await login(cp.url, 'admin', 'memory-bench-password-1');
    const stations = await makeStations(api, dir, stationCount);
    await sleep(30_000);
    console.log(row(`${stationCount} stations on air, 30 s later`, await memoryOf(metricsUrl)));
    const headers = { authorization: `Bearer ${api.token}` };
    const paths = [
      '/api/v1/stations',
      ...stations.flatMap((s) => [
        `/api/v1/media?station_id=${s.id}&limit=50`,
        `/api/v1/stations/${s.id}/now-playing`,
        `/api/v1/schedule?station_id=${s.id}`,
      ]),
    ];
    // What each kind of request costs on its own (median of 5, sequential), before the mix.
    for (const path of paths.slice(0, 4)) {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        await (await fetch(`${cp.url}${path}`, { headers })).arrayBuffer();
        times.push(performance.now() - t0);
      }
      times.sort((x, y) => x - y);
      console.log(
        `  ${path.replace(/[0-9a-f-]{36}/g, ':id').padEnd(44)} ${times[2]!.toFixed(1)} ms`,
      );
    }
    const load = await autocannon({
      url: cp.url,
      connections: 50,
      duration: loadSeconds,
      requests: paths.map((path) => ({ method: 'GET', path, headers })),
    });
    const peak = await memoryOf(metricsUrl);
    console.log(
      row(`after ${loadSeconds} s of API load (${Math.round(load.requests.average)} req/s)`, peak),
    );
    await sleep(settleSeconds * 1000);
    console.log(row(`${settleSeconds} s after the load`, await memoryOf(metricsUrl)));
  } finally {
    await cp.stop();
    await target.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
}

buildControlPlane();
const engine = await startEngine({ GRIMNIR_LOG_LEVEL: 'info' }, [
  join(root, 'packages/media-engine/dist/main.js'),
]);
try {
  console.log(`hello-world Fastify peer, after 5 s of load: RSS ${mb(await peerRss())}`);
  for (const backend of values.backends.split(',')) await run(backend, engine.address);
} finally {
  await engine.stop();
}
