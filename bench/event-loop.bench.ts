// npm run bench:event-loop — how long each heavy operation holds the event loop (listener
// streams, the director and live ingest share it; the bar is ~50 ms). For every operation the
// longest block seen by monitorEventLoopDelay while it runs, next to an idle baseline (on a
// shared machine the process is descheduled now and then, which the histogram counts too).
// SQLite and PostgreSQL (BENCH_BACKENDS=sqlite limits it). Figures, never assertions.
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { manualClock } from '@grimnir/server/infra/clock.js';
import { createProgrammeRepos } from '@grimnir/server/modules/programming/index.js';
import { bearer, buildTestApp, type TestApp } from '@grimnir/server/test-support/app.js';
import { longestBlock } from './event-loop.js';
import { benchScheduler, seedProgramme, seedStations } from './schedule-db.js';
import { LIBRARY_SIZE } from './schedule-fixtures.js';

const HOUR = 3_600_000;
// The clock the year-ahead figures were first taken at (schedule-bounds.int.test.ts).
const NOW = '2026-03-02T08:00:00.000Z';
const RUNAWAY = [
  'FREQ=SECONDLY',
  'FREQ=MINUTELY;INTERVAL=1',
  'FREQ=DAILY;BYSECOND=0,1,2,3,4,5,6,7,8,9',
  `FREQ=DAILY;BYHOUR=${Array.from({ length: 24 }, (_, h) => h).join(',')};BYMINUTE=0,15,30,45`,
  'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30',
  'FREQ=HOURLY;INTERVAL=2;BYHOUR=1',
  'FREQ=WEEKLY;COUNT=100000',
];

const worst: { op: string; ms: number }[] = [];
function report(backend: string, op: string, ms: number, extra = ''): void {
  worst.push({ op: `${backend}: ${op}`, ms });
  console.log(`[${backend}] longest event-loop block during ${op}: ${ms.toFixed(1)} ms${extra}`);
}

async function run(backend: 'sqlite' | 'postgres'): Promise<void> {
  const t: TestApp = await buildTestApp({ clock: manualClock(NOW) });
  try {
    const admin = await t.adminToken();
    const inject = (method: 'GET' | 'POST', url: string, payload?: object, token = admin) =>
      t.app.inject({ method, url, headers: bearer(token), ...(payload && { payload }) });
    const [, idle] = await longestBlock(() => new Promise((r) => setTimeout(r, 500)));
    report(backend, 'nothing (idle baseline, 500 ms)', idle);

    // 1. Runaway recurrences: each refused with a 400 naming the limit.
    const small = await t.makeStation(admin, { timezone: 'Europe/Berlin' });
    await inject('POST', '/api/v1/schedule', {
      station_id: small.id,
      starts_at: '2026-05-01T10:00:00Z',
      ends_at: '2026-05-01T10:30:00Z',
      rrule: 'FREQ=WEEKLY',
      source: { type: 'live' },
    });
    const [codes, runawayMs] = await longestBlock(() =>
      Promise.all(
        RUNAWAY.map(
          async (rrule) =>
            (
              await inject('POST', '/api/v1/schedule', {
                station_id: small.id,
                starts_at: '2026-06-01T10:00:00Z',
                ends_at: '2026-06-01T10:30:00Z',
                rrule,
                source: { type: 'live' },
              })
            ).statusCode,
        ),
      ),
    );
    report(
      backend,
      `${RUNAWAY.length} runaway recurrence requests at once`,
      runawayMs,
      ` (answers ${[...new Set(codes)].join(',')})`,
    );

    // 2. Schedule POST checked a year ahead against 20 daily and 21 weekly entries.
    for (const h of Array.from({ length: 21 }, (_, i) => i).filter((i) => i !== 2)) {
      const start = Date.parse('2026-03-02T00:00:00+01:00') + h * HOUR;
      await inject('POST', '/api/v1/schedule', {
        station_id: small.id,
        starts_at: new Date(start).toISOString(),
        ends_at: new Date(start + 50 * 60_000).toISOString(),
        rrule: 'FREQ=DAILY',
        source: { type: 'live' },
      });
    }
    let postWorst = 0;
    for (let day = 0; day < 7; day++)
      for (let h = 21; h < 24; h++) {
        const start = Date.parse('2026-03-02T00:00:00+01:00') + day * 24 * HOUR + h * HOUR;
        const [, ms] = await longestBlock(() =>
          inject('POST', '/api/v1/schedule', {
            station_id: small.id,
            starts_at: new Date(start).toISOString(),
            ends_at: new Date(start + 50 * 60_000).toISOString(),
            rrule: 'FREQ=WEEKLY',
            source: { type: 'live' },
          }),
        );
        postWorst = Math.max(postWorst, ms);
      }
    const [clash, clashMs] = await longestBlock(() =>
      inject('POST', '/api/v1/schedule', {
        station_id: small.id,
        starts_at: '2026-09-15T05:30:00+02:00',
        ends_at: '2026-09-15T06:10:00+02:00',
        source: { type: 'live' },
      }),
    );
    report(
      backend,
      'schedule POST with a year of conflicts (worst of 21, and a clash)',
      Math.max(postWorst, clashMs),
      ` (clash answered ${clash.statusCode})`,
    );

    // 3. The scheduler over 20 stations of a 50k-track library each, 72 h ahead.
    const stations = await seedStations(t.database, 20);
    await seedProgramme(createProgrammeRepos(t.database.db), stations);
    const { scheduler, repos, stopWorkers } = benchScheduler(
      t.database,
      t.config.db,
      stations,
      Date.parse(NOW),
    );
    const [, loadMs] = await longestBlock(() => repos.library.tracks(stations[0]!.id));
    report(backend, `library load (${LIBRARY_SIZE} tracks)`, loadMs);
    const [, tickMs] = await longestBlock(() => scheduler.tick());
    report(
      backend,
      `planStation for 20 stations × ${LIBRARY_SIZE} tracks, 72 h (one scheduler tick)`,
      tickMs,
    );
    const [, idleTickMs] = await longestBlock(() => scheduler.tick());
    report(backend, 'unchanged scheduler tick over 20 stations', idleTickMs);
    await stopWorkers();

    // 4. Reads on the big station: the viewer's default schedule, a smart-block preview.
    // (The media list at scale is bench:library's.)
    const big = stations[0]!;
    const viewer = await t.makeUser();
    await t.addMember(big.id, viewer.id, 'viewer');
    const [read, readMs] = await longestBlock(() =>
      inject('GET', `/api/v1/schedule?station_id=${big.id}`, undefined, viewer.token),
    );
    report(
      backend,
      'viewer schedule read (default window and page)',
      readMs,
      ` (${read.json<unknown[]>().length} items, ${read.body.length} bytes)`,
    );
    const blocks = await inject('GET', `/api/v1/smart-blocks?station_id=${big.id}`);
    const blockId = blocks.json<{ id: string }[]>()[0]?.id ?? '';
    const [preview, previewMs] = await longestBlock(() =>
      inject('POST', `/api/v1/smart-blocks/${blockId}/preview`, { duration_ms: HOUR }),
    );
    report(
      backend,
      `smart-block preview over ${LIBRARY_SIZE} tracks`,
      previewMs,
      ` (status ${preview.statusCode})`,
    );
  } finally {
    await t.close();
  }
}

// The test support picks its backend from GRIMNIR_TEST_DB once, when it is first imported: each
// backend runs in a child process of its own (setting the variable here came too late, and the
// "postgres" figures were SQLite's).
const child = process.env.BENCH_EVENT_LOOP_BACKEND;
if (child === 'sqlite' || child === 'postgres') {
  try {
    await run(child);
  } catch (err) {
    console.log(`[${child}] skipped: ${err instanceof Error ? err.stack : String(err)}`);
  }
  const top = worst.filter((w) => !w.op.includes('idle')).sort((a, b) => b.ms - a.ms)[0];
  if (top) console.log(`[${child}] worst: ${top.ms.toFixed(1)} ms (${top.op})`);
} else {
  for (const backend of (process.env.BENCH_BACKENDS ?? 'sqlite,postgres').split(',')) {
    if (backend !== 'sqlite' && backend !== 'postgres') continue;
    spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
      stdio: 'inherit',
      env: { ...process.env, GRIMNIR_TEST_DB: backend, BENCH_EVENT_LOOP_BACKEND: backend },
    });
  }
  console.log(
    `load average on this machine: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (${cpus().length} CPUs)`,
  );
}
