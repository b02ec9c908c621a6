// Hard-start accuracy of the playout director on real timers: a station with back-to-back
// hard-timed items, a fake engine that records when each transition arrives, optional
// background event-loop load. Prints the error distribution (target: within ±100 ms).
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { systemClock } from '../packages/server/src/infra/clock.js';
import { singleInstanceLeadership } from '../packages/server/src/infra/leadership.js';
import { createDirector } from '../packages/server/src/modules/playout/director.js';
import { createPlayoutMetrics } from '../packages/server/src/modules/playout/playout.metrics.js';
import {
  inMemoryUpcomingItems,
  type UpcomingItem,
} from '../packages/server/src/modules/playout/ports.js';
import { StationDirector } from '../packages/server/src/modules/playout/station-director.js';
import { fakeEngine } from '../packages/server/src/test-support/fake-engine.js';
import {
  memoryPlayoutStore,
  testMedia,
} from '../packages/server/src/test-support/memory-playout-store.js';

const STATIONS = Number(process.env.STATIONS ?? 10);
const ITEMS = Number(process.env.ITEMS ?? 20);
const SPACING_MS = Number(process.env.SPACING_MS ?? 500);
const LOAD_MS = Number(process.env.LOAD_MS ?? 5); // busy work per 10 ms, simulating API load

async function main(): Promise<void> {
  const fake = fakeEngine(() => Date.now());
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
  for (let s = 0; s < STATIONS; s++) {
    let armed: string | undefined;
    for (const c of fake.calls.filter((x) => x.stationId === `st${s}`)) {
      if (c.call.op === 'load' && c.call.replace) armed = c.call.item.id;
      if (c.call.op === 'transition' && armed !== undefined) {
        const d = due.get(armed);
        if (d !== undefined) errors.push(c.atMs - d);
        armed = undefined;
      }
    }
  }
  errors.sort((a, b) => a - b);
  const q = (p: number) =>
    errors[Math.min(errors.length - 1, Math.floor(p * errors.length))] ?? NaN;
  const within = errors.filter((e) => Math.abs(e) <= 100).length;
  console.log(
    `director hard starts: ${STATIONS} stations x ${ITEMS} items, ${LOAD_MS} ms busy per 10 ms`,
  );
  console.log(`  transitions measured: ${errors.length} of ${STATIONS * ITEMS}`);
  console.log(
    `  error ms: min ${errors[0]} p50 ${q(0.5)} p95 ${q(0.95)} p99 ${q(0.99)} max ${errors.at(-1)}`,
  );
  console.log(`  within ±100 ms: ${((within / Math.max(1, errors.length)) * 100).toFixed(1)} %`);
}

await main();
