import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../infra/clock.js';
import type { Leadership } from '../../../infra/leadership.js';
import { fakeEngine } from '../../../test-support/fake-engine.js';
import { memoryPlayoutStore } from '../../../test-support/memory-playout-store.js';
import { createDirector, type Director } from './director.js';
import { createPlayoutMetrics } from './playout.metrics.js';
import { inMemoryUpcomingItems } from '../ports.js';
import { StationDirector } from './station-director.js';

function switchableLeadership(initial: boolean) {
  let leader = initial;
  const listeners = new Set<(l: boolean) => void>();
  const l: Leadership & { set(v: boolean): void } = {
    isLeader: () => leader,
    onChange: (fn) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    token: () => undefined,
    leaderless: () => false,
    stop: () => Promise.resolve(),
    set(v) {
      leader = v;
      for (const fn of listeners) fn(v);
    },
  };
  return l;
}

async function until(cond: () => boolean, ms = 5_000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function station(
  stationId: string,
  fake: ReturnType<typeof fakeEngine>,
  mem: ReturnType<typeof memoryPlayoutStore>,
  metrics: ReturnType<typeof createPlayoutMetrics>,
  timing?: ConstructorParameters<typeof StationDirector>[0]['timing'],
) {
  return new StationDirector({
    stationId,
    engine: fake.engine,
    upcoming: inMemoryUpcomingItems(),
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
    log: pino({ level: 'silent' }),
    mediaRoot: '/m',
    deadAirMs: 10_000,
    timing,
  });
}

let director: Director | undefined;
afterEach(async () => {
  await director?.stop();
  director = undefined;
});

describe('createDirector', () => {
  it('drives stations only while this process leads', async () => {
    const fake = fakeEngine(() => Date.now());
    const mem = memoryPlayoutStore();
    const metrics = createPlayoutMetrics(new Registry());
    const leadership = switchableLeadership(false);
    const stations = ['s1', 's2'];
    director = createDirector({
      leadership,
      runnableStations: () => Promise.resolve(stations),
      log: pino({ level: 'silent' }),
      makeStation: (stationId) => station(stationId, fake, mem, metrics),
    });
    await director.start();
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.calls).toEqual([]);
    expect(director.station('s1')).toBeUndefined();

    leadership.set(true);
    await until(() => fake.ops('s1').length > 0 && fake.ops('s2').length > 0);
    expect(fake.ops('s1')[0]).toMatchObject({ op: 'configure' });
    expect(director.station('s2')).toBeDefined();

    stations.pop();
    await director.reconcile();
    expect(director.station('s2')).toBeUndefined();
    expect(director.station('s1')).toBeDefined();

    leadership.set(false);
    expect(director.station('s1')).toBeUndefined();
    const count = fake.calls.length;
    await new Promise((r) => setTimeout(r, 1_200));
    expect(fake.calls.length).toBe(count);
  });

  it('runs a round at once when the engine event stream breaks, not at the next timer', async () => {
    const fake = fakeEngine(() => Date.now());
    const mem = memoryPlayoutStore();
    const metrics = createPlayoutMetrics(new Registry());
    // Rounds a minute apart: only the wake can explain a status call within the test.
    const timing = { maxSleepMs: 60_000, syncEveryMs: 60_000 };
    director = createDirector({
      leadership: switchableLeadership(true),
      runnableStations: () => Promise.resolve(['s1']),
      log: pino({ level: 'silent' }),
      makeStation: (id) => station(id, fake, mem, metrics, timing),
    });
    await director.start();
    await until(() => fake.calls.some((c) => c.call.op === 'status'));
    await new Promise((r) => setTimeout(r, 100));
    fake.clearCalls();

    fake.emit('s1', { type: 'stream_lost' });
    await until(() => fake.calls.some((c) => c.call.op === 'status'), 500);
  });
});
