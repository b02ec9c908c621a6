/**
 * `npm run bench:listener-sessions [-- --listeners 5000 --minutes 30 --mean-minutes 20]`: the
 * write load of listener tracking at N listeners, on SQLite (a file) and PostgreSQL
 * (127.0.0.1:5432, a throwaway database), loopback only and bounded by simulated time.
 *
 * N listeners arrive at once (a restart: every player reconnects), then each leaves after an
 * exponentially distributed time (mean `--mean-minutes`) and is replaced at once, so N stay
 * connected. Time is simulated; every write is real and timed. Side by side:
 *  - batched: the tracker (listeners/sessions.ts), a flush every 5 s;
 *  - per-event peer: one INSERT per connect and one UPDATE per disconnect, written at once.
 * A tracker that rewrote each open session every second would write N rows a second.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { openDatabase, type DatabaseHandle } from '@grimnir/server/db/database.js';
import { migrateToLatest } from '@grimnir/server/db/migrator.js';
import { createListenerSessionsRepository } from '@grimnir/server/modules/listeners/sessions.repository.js';
import { createSessionTracker } from '@grimnir/server/modules/listeners/sessions.js';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt;
};
const N = Number(arg('listeners', '5000'));
const SIM_SECONDS = Number(arg('minutes', '30')) * 60;
const MEAN_S = Number(arg('mean-minutes', '20')) * 60;
const FLUSH_S = 5;
const PG_ADMIN = 'postgres://postgres@127.0.0.1:5432/test';
const log = pino({ level: 'silent' });

/** A deterministic stream of events: who connects and leaves in each simulated second. */
function* events(seed = 42): Generator<{ second: number; leave: number[] }> {
  let s = seed;
  const rand = () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const leaveAt = Array.from({ length: N }, () => -Math.log(1 - rand()) * MEAN_S);
  for (let second = 1; second <= SIM_SECONDS; second++) {
    const leave: number[] = [];
    for (let i = 0; i < N; i++)
      if ((leaveAt[i] as number) < second) {
        leave.push(i);
        leaveAt[i] = second - Math.log(1 - rand()) * MEAN_S;
      }
    yield { second, leave };
  }
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0;
const ms = (n: number) => `${n.toFixed(1)} ms`;

async function station(h: DatabaseHandle): Promise<string> {
  const id = randomUUID();
  await h.db
    .insertInto('stations')
    .values({ id, name: 'Bench FM', slug: `bench-${id.slice(0, 8)}` } as never)
    .execute();
  return id;
}

async function batched(h: DatabaseHandle, label: string): Promise<void> {
  const stationId = await station(h);
  const clock = { ms: Date.parse('2026-11-02T00:00:00Z') };
  const tracker = createSessionTracker({
    repo: createListenerSessionsRepository(h.db),
    now: () => clock.ms,
    hashKey: 'bench',
    log,
    options: { flushMs: 3_600_000 },
  });
  const open = (i: number) =>
    tracker.open({
      stationId,
      mountId: null,
      mount: 'main',
      kind: 'direct',
      address: `198.51.${(i >> 8) & 255}.${i & 255}`,
      userAgent: 'VLC/3.0.20 LibVLC/3.0.20',
    });
  const ids = Array.from({ length: N }, (_, i) => open(i));
  let t0 = performance.now();
  await tracker.flush();
  const burst = { ms: performance.now() - t0, ...tracker.written };
  const base = { ...tracker.written };
  const flushes: number[] = [];
  for (const { second, leave } of events()) {
    clock.ms += 1000;
    for (const i of leave) {
      tracker.close(ids[i] as string);
      ids[i] = open(i);
    }
    if (second % FLUSH_S === 0) {
      t0 = performance.now();
      await tracker.flush();
      flushes.push(performance.now() - t0);
    }
  }
  const w = tracker.written;
  const rows = (w.rows - base.rows) / SIM_SECONDS;
  const statements = (w.statements - base.statements) / SIM_SECONDS;
  console.log(
    `${label} batched: ${N} listeners, ${SIM_SECONDS} s simulated: ${rows.toFixed(1)} rows/s, ` +
      `${statements.toFixed(2)} statements/s; flush p50 ${ms(pct(flushes, 0.5))} p99 ${ms(pct(flushes, 0.99))} ` +
      `max ${ms(Math.max(...flushes))}; DB busy ${((flushes.reduce((a, b) => a + b, 0) / SIM_SECONDS / 1000) * 100).toFixed(3)}% of the time`,
  );
  console.log(
    `${label} batched: ${N} arrivals at once: ${burst.rows} rows in ${burst.statements} statements, ${ms(burst.ms)}`,
  );
  await tracker.stop();
}

async function perEvent(h: DatabaseHandle, label: string): Promise<void> {
  const stationId = await station(h);
  let now = Date.parse('2026-11-02T00:00:00Z');
  let statements = 0;
  let busy = 0;
  const insert = async () => {
    const id = randomUUID();
    await h.db
      .insertInto('listener_sessions')
      .values({
        id,
        station_id: stationId,
        mount_id: null,
        mount: 'main',
        kind: 'direct',
        tracker_id: 'peer',
        client_hash: null,
        client_net: null,
        user_agent: 'VLC',
        country: null,
        started_ms: now,
        ended_ms: null,
      })
      .execute();
    statements++;
    return id;
  };
  const ids: string[] = [];
  for (let i = 0; i < N; i++) ids.push(await insert());
  const base = statements;
  for (const { leave } of events()) {
    now += 1000;
    const t0 = performance.now();
    for (const i of leave) {
      await h.db
        .updateTable('listener_sessions')
        .set({ ended_ms: now })
        .where('id', '=', ids[i] as string)
        .execute();
      statements++;
      ids[i] = await insert();
    }
    busy += performance.now() - t0;
  }
  const perSecond = (statements - base) / SIM_SECONDS;
  console.log(
    `${label} per-event peer: ${perSecond.toFixed(1)} rows/s, ${perSecond.toFixed(2)} statements/s; ` +
      `DB busy ${((busy / SIM_SECONDS / 1000) * 100).toFixed(3)}% of the time`,
  );
}

async function run(
  label: string,
  open: () => Promise<{ h: DatabaseHandle; done: () => Promise<void> }>,
) {
  for (const bench of [batched, perEvent]) {
    const { h, done } = await open();
    try {
      await migrateToLatest(h.db, log);
      await bench(h, label);
    } finally {
      await h.close();
      await done();
    }
  }
}

await run('sqlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'grimnir-bench-sessions-'));
  const h = openDatabase({
    backend: 'sqlite',
    dsn: join(dir, 'bench.db'),
    readDsn: undefined,
    maxOpenConns: 1,
    maxIdleConns: 1,
  });
  return Promise.resolve({
    h,
    done: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  });
});
await run('postgres', async () => {
  const name = `grimnir_bench_sessions_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const h = openDatabase({
    backend: 'postgres',
    dsn: PG_ADMIN.replace(/\/test$/, `/${name}`),
    readDsn: undefined,
    maxOpenConns: 4,
    maxIdleConns: 1,
  });
  return {
    h,
    done: async () => {
      await admin.query(`drop database if exists ${name}`);
      await admin.end();
    },
  };
});
console.log(`a per-listener per-second heartbeat would write ${N} rows/s (not run)`);
