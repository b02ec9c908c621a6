// npm run bench:schedule — scheduler build time and peak memory.
// 50,000-track library per station, 24 clock hours of 4 smart-block slots, 72 h lookahead.
// First the pure planner (no IO), then load → plan → write through SQLite and PostgreSQL,
// for one station and then 20. BENCH_BACKENDS=sqlite limits the database part.
import { performance } from 'node:perf_hooks';
import {
  planStation,
  prepareSmartBlock,
  runPreparedBlock,
} from '@grimnir/server/modules/programming/index.js';
import { benchScheduler, openBenchDb, seedProgramme, seedStations, timed } from './schedule-db.js';
import { benchBlocks, benchInput, benchLibrary, LIBRARY_SIZE } from './schedule-fixtures.js';

const NOW = Date.UTC(2026, 5, 1, 10, 7);
const ms = (x: number) => `${x.toFixed(0)} ms`;
// maxRSS is the process high-water mark in KiB; it only grows, so each line shows the peak so far.
const peak = () => `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

function pure(): void {
  const library = benchLibrary();
  const rules = benchBlocks().get('sb-0')!;
  const prepareTimes: number[] = [];
  const selectTimes: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    const prepared = prepareSmartBlock(library, rules, NOW);
    const t1 = performance.now();
    runPreparedBlock(
      prepared,
      [],
      { startMs: NOW + i * 900_000, endMs: NOW + (i + 1) * 900_000 },
      `b${i}`,
    );
    prepareTimes.push(t1 - t0);
    selectTimes.push(performance.now() - t1);
  }
  console.log(`[pure] library ${LIBRARY_SIZE} tracks`);
  console.log(
    `[pure] single 15-min block: filter+index ${ms(median(prepareTimes))} + select ${median(selectTimes).toFixed(1)} ms (median of 7; cold first: ${ms(prepareTimes[0]! + selectTimes[0]!)})`,
  );
  const runs: number[] = [];
  const cpus: number[] = [];
  let items = 0;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    items = planStation(benchInput(`station-${i}`, library, NOW)).items.length;
    const c = process.cpuUsage(c0);
    runs.push(performance.now() - t0);
    cpus.push((c.user + c.system) / 1000);
  }
  console.log(
    `[pure] 1 station, 72 h: ${ms(median(runs))} wall, ${ms(median(cpus))} CPU, median of 3 (${items} items) — peak RSS ${peak()}`,
  );
}

async function throughDatabase(backend: 'sqlite' | 'postgres'): Promise<void> {
  const bench = await openBenchDb(backend);
  try {
    const [stations, seedMs] = await timed(() => seedStations(bench.handle, 20));
    const { repos, scheduler, stopWorkers } = benchScheduler(
      bench.handle,
      bench.config,
      stations,
      NOW,
    );
    await seedProgramme(repos, stations);
    console.log(`[${backend}] seeded 20 stations × ${LIBRARY_SIZE} tracks in ${seedMs}`);
    const one = stations[0]!;
    const [tracks, loadMs] = await timed(() => repos.library.tracks(one.id));
    console.log(`[${backend}] library load (${tracks.length} rows → tracks): ${loadMs}`);
    const [first, firstMs] = await timed(() => scheduler.refresh(one));
    console.log(
      `[${backend}] 1 station, 72 h, load+plan+write: ${firstMs} (${first.inserted} items written) — peak RSS ${peak()}`,
    );
    const [again, againMs] = await timed(() => scheduler.refresh(one));
    console.log(
      `[${backend}] 1 station, unchanged re-plan: ${againMs} (diff +${again.inserted}/-${again.removed})`,
    );
    const [, allMs] = await timed(() => scheduler.tick());
    console.log(
      `[${backend}] 20 stations, 72 h each (one tick, 3 at once; station 1 already built): ${allMs} — peak RSS ${peak()}`,
    );
    const [, idleMs] = await timed(() => scheduler.tick());
    console.log(`[${backend}] 20 stations, unchanged tick: ${idleMs}`);
    await stopWorkers();
  } finally {
    await bench.cleanup();
  }
}

pure();
const backends = (process.env.BENCH_BACKENDS ?? 'sqlite,postgres').split(',');
for (const backend of backends) {
  if (backend === 'sqlite' || backend === 'postgres') {
    try {
      await throughDatabase(backend);
    } catch (err) {
      console.log(`[${backend}] skipped: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
console.log(`peak RSS (whole run): ${peak()}`);
