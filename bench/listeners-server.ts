/**
 * Child process of `npm run bench:listeners`: the real control plane (the composition root on a temporary
 * SQLite database) with one 128 kbit/s MP3 mount fed in real time by the file feeder. Prints
 * `READY <port> <mount>` on stdout; answers a `mem` line on stdin with `MEM <json>` (its
 * process.memoryUsage() and its young generation's size, so the bench can say which kind of
 * memory listeners cost) and a `gc` line with the same after a full collection (what is live,
 * not yet-uncollected garbage); a `snap <path>` line writes a heap snapshot there (then answers
 * as `mem`). Exits when stdin closes.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import v8 from 'node:v8';
import vm from 'node:vm';
import { pino } from 'pino';
import { composeControlPlane } from '@grimnir/server/composition/root.js';
import { testRuntime } from '@grimnir/server/composition/runtime.js';
import { loadConfig } from '@grimnir/server/config.js';
import { resolveInstanceSecrets } from '@grimnir/server/ops/instance-secrets.js';
import { openDatabase } from '@grimnir/server/db/database.js';
import { migrateToLatest } from '@grimnir/server/db/migrator.js';
import { createMetrics } from '@grimnir/server/infra/metrics.js';
import { unreachableEngine } from '@grimnir/server/test-support/fake-engine.js';
import { FileLoopFeeder } from '@grimnir/server/test-support/file-loop-feeder.js';

const tonePath = process.argv[2];
if (tonePath === undefined) throw new Error('usage: listeners-server.ts <tone.mp3>');
const dir = mkdtempSync(join(tmpdir(), 'grimnir-bench-'));
const { config } = await resolveInstanceSecrets(
  loadConfig({
    GRIMNIR_ENV: 'test',
    GRIMNIR_DATA_DIR: dir,
    GRIMNIR_DB_BACKEND: 'sqlite',
    GRIMNIR_DB_DSN: join(dir, 'bench.db'),
    GRIMNIR_MEDIA_ROOT: dir,
    GRIMNIR_LOG_LEVEL: 'silent',
  }),
);
const log = pino({ level: 'silent' });
const database = openDatabase(config.db);
await migrateToLatest(database.db, log);
const { app, services, realtime } = await composeControlPlane({
  config,
  log,
  database,
  metrics: createMetrics({ defaultMetrics: false }),
  // Listener fan-out only: the file feeder stands in for the engine, which is not running.
  runtime: testRuntime({
    log,
    engine: { control: unreachableEngine(), live: unreachableEngine(), client: null },
  }),
  programme: 'schedule',
  tuning: { bcryptCost: 4 },
});
const now = new Date().toISOString();
const stationId = randomUUID();
await services.repositories.stations.insert(
  {
    id: stationId,
    name: 'Bench FM',
    slug: 'bench-fm',
    description: 'listener benchmark',
    timezone: 'UTC',
    active: true,
    public: true,
    loudness_target_lufs: -16,
    crossfade_ms: 0,
    crossfade_curve: 'linear',
  },
  now,
);
const mount = {
  id: randomUUID(),
  stationId,
  name: 'bench',
  format: 'mp3' as const,
  bitrateKbps: 128,
  sampleRate: 44100,
  channels: 2,
  icecast: null,
};
await services.repositories.mounts.insert(mount, now);
const hub = await realtime.broadcasts.open(
  (await services.repositories.mounts.findById(mount.id))!,
);
const feeder = new FileLoopFeeder(hub, readFileSync(tonePath), {
  framing: 'mp3',
  tickMs: 250,
  prerollSeconds: 4,
}).start();
await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`READY ${(app.server.address() as AddressInfo).port} ${mount.name}\n`);

// The bench asks for a collection only after it has read this process's RSS, so the figures it
// compares with icecast2 are those of a process that collects on its own schedule.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const newSpace = () =>
  v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
createInterface({ input: process.stdin }).on('line', (line) => {
  const [cmd, arg] = line.split(' ');
  if (cmd === 'gc') gc();
  if (cmd === 'snap' && arg !== undefined) v8.writeHeapSnapshot(arg);
  if (cmd === 'mem' || cmd === 'gc' || cmd === 'snap')
    process.stdout.write(
      `MEM ${JSON.stringify({ ...process.memoryUsage(), newSpace: newSpace() })}\n`,
    );
});
process.stdin.on('end', () => {
  feeder.stop();
  void app.close().then(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
});
