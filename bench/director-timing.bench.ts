// Hard-start accuracy of the playout director on real timers (target: within ±100 ms).
// 1. Many stations, a fake engine: the start time each transition names (the engine places the
//    item on that sample) and how far ahead of it the transition arrived, under optional
//    background event-loop load.
// 2. One station on a real media engine (REAL_ITEMS=0 skips it): when each hard start is heard
//    in the decoded output stream, and what the engine reported.
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { systemClock } from '@grimnir/server/infra/clock.js';
import { singleInstanceLeadership } from '@grimnir/server/infra/leadership.js';
import { createDirector } from '@grimnir/server/modules/playout/director/director.js';
import { createPlayoutMetrics } from '@grimnir/server/modules/playout/director/playout.metrics.js';
import { inMemoryUpcomingItems, type UpcomingItem } from '@grimnir/server/modules/playout/ports.js';
import { StationDirector } from '@grimnir/server/modules/playout/director/station-director.js';
import { fakeEngine } from '@grimnir/server/test-support/fake-engine.js';
import { runRealEngine } from './director/real-engine.js';
import {
  memoryPlayoutStore,
  testMedia,
} from '@grimnir/server/test-support/memory-playout-store.js';

const STATIONS = Number(process.env.STATIONS ?? 10);
const ITEMS = Number(process.env.ITEMS ?? 10);
const SPACING_MS = Number(process.env.SPACING_MS ?? 2_000);
const LOAD_MS = Number(process.env.LOAD_MS ?? 5); // busy work per 10 ms, simulating API load
const REAL_ITEMS = Number(process.env.REAL_ITEMS ?? 20);
const REAL_SPACING_MS = Number(process.env.REAL_SPACING_MS ?? 1_500);

function quantiles(values: number[]): string {
  const v = [...values].sort((a, b) => a - b);
  const q = (p: number) => v[Math.min(v.length - 1, Math.floor(p * v.length))] ?? NaN;
  const f = (x: number | undefined) => (x === undefined ? 'NaN' : x.toFixed(1));
  const maxAbs = Math.max(...v.map(Math.abs));
  const within = v.filter((e) => Math.abs(e) <= 100).length;
  return (
    `min ${f(v[0])} p50 ${f(q(0.5))} p99 ${f(q(0.99))} max ${f(v.at(-1))} |max| ${f(maxAbs)}` +
    ` ms; within ±100 ms: ${((within / Math.max(1, v.length)) * 100).toFixed(1)} %`
  );
}

async function main(): Promise<void> {
  const fake = fakeEngine(() => Date.now(), { realTimers: true });
  const mem = memoryPlayoutStore();
  const metrics = createPlayoutMetrics(new Registry());
  const start = Date.now() + 3_000;
  const due = new Map<string, number>();
  const upcoming = inMemoryUpcomingItems();
  const all: UpcomingItem[] = [];
  for (let s = 0; s < STATIONS; s++) {
    const stationId = `st${s}`;
    mem.media.set(`m${s}`, testMedia(stationId, `m${s}`));
    for (let i = 0; i < ITEMS; i++) {
      const id = `${stationId}-i${i}`;
      const startMs = start + i * SPACING_MS + s * 7;
      due.set(`s:${id}:m${s}`, startMs);
      all.push({
        id,
        stationId,
        startMs,
        endMs: startMs + SPACING_MS,
        kind: 'media',
        mediaId: `m${s}`,
        cueInMs: null,
        cueOutMs: null,
        fadeInMs: 0,
        fadeOutMs: null,
        hardStart: true,
        label: null,
      });
    }
  }
  upcoming.set(all);
  const log = pino({ level: 'silent' });
  const director = createDirector({
    leadership: singleInstanceLeadership(),
    runnableStations: () => Promise.resolve([...Array(STATIONS).keys()].map((s) => `st${s}`)),
    log,
    makeStation: (stationId) =>
      new StationDirector({
        stationId,
        engine: fake.engine,
        upcoming,
        store: mem.store,
        config: () =>
          Promise.resolve({
            crossfadeMs: 0,
            crossfadeCurve: 'linear',
            loudnessTargetLufs: -16,
            outputs: [],
          }),
        clock: systemClock,
        events: { publish: () => undefined },
        metrics,
        log,
        mediaRoot: '/m',
        deadAirMs: 60_000,
      }),
  });
  const busy = setInterval(() => {
    const until = performance.now() + LOAD_MS;
    while (performance.now() < until);
  }, 10);
  await director.start();
  await new Promise((r) => setTimeout(r, start - Date.now() + ITEMS * SPACING_MS + 1_000));
  clearInterval(busy);
  await director.stop();

  // A transition starts the item armed just before it; pair each transition with that item.
  const errors: number[] = [];
  const margins: number[] = [];
  for (let s = 0; s < STATIONS; s++) {
    let armed: string | undefined;
    for (const c of fake.calls.filter((x) => x.stationId === `st${s}`)) {
      if (c.call.op === 'load' && c.call.replace) armed = c.call.item.id;
      if (c.call.op === 'transition' && armed !== undefined) {
        const d = due.get(armed);
        // A transition without a time starts the item when it arrives.
        const startsAt = c.call.atMs ?? c.atMs;
        if (d !== undefined) errors.push(startsAt - d);
        margins.push(startsAt - c.atMs);
        armed = undefined;
      }
    }
  }
  console.log(
    `director hard starts (fake engine): ${STATIONS} stations x ${ITEMS} items, ` +
      `${LOAD_MS} ms busy per 10 ms`,
  );
  console.log(`  transitions measured: ${errors.length} of ${STATIONS * ITEMS}`);
  console.log(`  start error: ${quantiles(errors)}`);
  // The engine renders 500 ms ahead by default: a transition must arrive before that.
  console.log(`  sent ahead of the start: ${quantiles(margins).split(';')[0]}`);

  if (REAL_ITEMS <= 0) return;
  const real = await runRealEngine({
    items: REAL_ITEMS,
    spacingMs: REAL_SPACING_MS,
    busyMs: LOAD_MS,
  });
  console.log(
    `director hard starts (real engine): ${REAL_ITEMS} items ${REAL_SPACING_MS} ms apart, ` +
      `${LOAD_MS} ms busy per 10 ms`,
  );
  console.log(`  heard (decoded output): ${real.heard.length} of ${real.planned}`);
  console.log(
    `  heard error: ${quantiles(real.heard)} (station clock known to ±${(real.clockRttMs / 2).toFixed(1)} ms)`,
  );
  console.log(`  reported error: ${quantiles(real.reported)}`);
  if (real.outliers.length > 0) console.log(`  heard off by > 100 ms: ${real.outliers.join(', ')}`);
}

await main();
