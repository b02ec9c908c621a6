import { pino } from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../../infra/clock.js';
import { fakeEngine } from '../../../test-support/fake-engine.js';
import { memoryPlayoutStore, testMedia } from '../../../test-support/memory-playout-store.js';
import { inMemoryUpcomingItems, type PlayoutEvent, type UpcomingItem } from '../ports.js';
import { unrecordedStart } from './engine-truth.js';
import { createPlayoutMetrics } from './playout.metrics.js';
import { StationDirector } from './station-director.js';

const S = 'station-1';
const T0 = Date.parse('2026-03-01T12:00:00Z');

function item(id: string, startS: number, endS: number): UpcomingItem {
  return {
    id,
    stationId: S,
    startMs: T0 + startS * 1000,
    endMs: T0 + endS * 1000,
    kind: 'media',
    mediaId: `m-${id}`,
    cueInMs: null,
    cueOutMs: null,
    fadeInMs: null,
    fadeOutMs: null,
    hardStart: false,
    label: null,
  };
}

function setup(items: UpcomingItem[]) {
  const clock = manualClock(new Date(T0 + 1_000));
  const fake = fakeEngine(() => clock.now().getTime());
  const mem = memoryPlayoutStore();
  for (const i of items) if (i.mediaId) mem.media.set(i.mediaId, testMedia(S, i.mediaId));
  mem.media.set('m-f', testMedia(S, 'm-f'));
  const registry = new Registry();
  const events: PlayoutEvent[] = [];
  const metrics = createPlayoutMetrics(registry);
  const make = () =>
    new StationDirector({
      stationId: S,
      engine: fake.engine,
      upcoming: inMemoryUpcomingItems(items),
      store: mem.store,
      config: () =>
        Promise.resolve({
          crossfadeMs: 0,
          crossfadeCurve: 'linear',
          loudnessTargetLufs: -16,
          outputs: [],
        }),
      clock,
      events: { publish: (e) => events.push(e) },
      metrics,
      log: pino({ level: 'silent' }),
      mediaRoot: '/media',
      deadAirMs: 10_000,
    });
  const tick = async (d: StationDirector) => {
    const wake = await d.tick();
    await d.exclusive(() => Promise.resolve());
    return wake;
  };
  const onAirMetric = async () =>
    (await registry.getSingleMetric('grimnir_station_on_air')?.get())?.values[0]?.value;
  return { clock, fake, mem, events, make, tick, onAirMetric };
}

const plan = [item('a', 0, 180), item('b', 180, 420)];

/** The engine gave up on b's file. */
const bFailed = {
  type: 'decoder_failed',
  itemId: 's:b:m-b',
  path: '/media/b.mp3',
  reason: 'decoder exited',
  detail: 'Could not determine type of stream',
  atMs: T0,
} as const;

describe('unrecordedStart', () => {
  const playing = {
    state: 'playing' as const,
    currentItemId: 's:a:m-a',
    positionMs: 4_000,
    queuedItemIds: [],
  };
  it('names an item the engine plays that history does not, started position ms ago', () => {
    expect(unrecordedStart(playing, undefined, 10_000)).toEqual({
      type: 'track_started',
      itemId: 's:a:m-a',
      source: 'automation',
      atMs: 6_000,
    });
    expect(
      unrecordedStart(
        { ...playing, currentItemId: 'f:m-f:m-f' },
        { itemId: 's:a:m-a', atMs: 0 },
        9,
      ),
    ).toMatchObject({ source: 'fallback' });
    // A relay has no media row: the engine's title (the webstream's name) is what history shows.
    const relay = { ...playing, currentItemId: 's:w:ws-1', currentTitle: 'Network news' };
    expect(unrecordedStart(relay, undefined, 10_000)).toMatchObject({ title: 'Network news' });
  });
  it('leaves recorded items, emergencies, live shows and stopped stations alone', () => {
    expect(unrecordedStart(playing, { itemId: 's:a:m-a', atMs: 1 }, 10_000)).toBeUndefined();
    expect(unrecordedStart({ ...playing, state: 'emergency' }, undefined, 1)).toBeUndefined();
    expect(unrecordedStart({ ...playing, state: 'live' }, undefined, 1)).toBeUndefined();
    expect(
      unrecordedStart({ ...playing, state: 'stopped', currentItemId: null }, undefined, 1),
    ).toBeUndefined();
  });
});

describe('StationDirector follows what the engine reports', () => {
  it('an unreachable engine puts the station off air at once, and back when it plays', async () => {
    const t = setup(plan);
    const d = t.make();
    await d.start();
    await t.tick(d);
    expect(t.mem.executors.get(S)).toMatchObject({ item_id: 's:a:m-a', off_air_reason: null });
    expect(await t.onAirMetric()).toBe(1);

    t.fake.setUnreachable(true);
    t.fake.emit(S, { type: 'stream_lost' });
    await d.exclusive(() => Promise.resolve());
    t.clock.advance(1_000);
    // Retried soon, not after the 5 s status poll.
    expect(await t.tick(d)).toBeLessThanOrEqual(500);
    expect(t.mem.executors.get(S)).toMatchObject({
      state: 'idle',
      item_id: null,
      title: null,
      off_air_reason: 'engine_unreachable',
    });
    expect(t.mem.history.every((h) => h.ended_at !== null)).toBe(true);
    expect(await t.onAirMetric()).toBe(0);

    t.fake.setUnreachable(false);
    t.clock.advance(500);
    await t.tick(d);
    // The restarted engine was configured and plays again; history and now-playing follow.
    expect(t.fake.ops().some((o) => o.op === 'configure')).toBe(true);
    expect(t.mem.executors.get(S)).toMatchObject({
      state: 'playing',
      item_id: 's:a:m-a',
      off_air_reason: null,
    });
    expect(t.mem.history.at(-1)).toMatchObject({ item_id: 's:a:m-a', ended_at: null });
    expect(await t.onAirMetric()).toBe(1);
  });

  it('an item resumed after an engine restart is on air at once, not dead air', async () => {
    const t = setup(plan);
    const d = t.make();
    await d.start();
    await t.tick(d);
    // Restarted between two status polls: the director reloads the item it was playing, and
    // the engine's start of it is the play history already has.
    t.fake.restart();
    t.fake.emit(S, { type: 'stream_lost' });
    t.clock.advance(1_000);
    await t.tick(d);
    expect(t.fake.station(S).current?.id).toBe('s:a:m-a');
    t.fake.clearCalls();
    for (let i = 0; i < 12; i++) {
      t.clock.advance(1_000);
      await t.tick(d);
      expect(t.mem.executors.get(S)).toMatchObject({ item_id: 's:a:m-a', off_air_reason: null });
    }
    // The dead-air guard did not take the playing item for a missing source and skip it.
    expect(t.fake.ops().filter((o) => o.op !== 'load')).toEqual([]);
  });

  it('records what the engine played on its own while the control plane was away', async () => {
    const t = setup(plan);
    const first = t.make();
    await first.start();
    await t.tick(first);
    first.close();
    // The control plane is gone; the engine moves on to the next item by itself.
    t.clock.advance(60_000);
    t.fake.finishCurrent(S);
    const current = t.fake.station(S).current?.id;
    expect(current).toBeDefined();
    expect(t.mem.executors.get(S)?.item_id).toBe('s:a:m-a');

    const second = t.make();
    await second.start();
    await t.tick(second);
    // History has the item the engine played alone (the director then resumed the schedule).
    expect(t.mem.history.filter((h) => h.item_id === current)).toHaveLength(1);
    expect(t.mem.history.find((h) => h.item_id === current)?.tier).toBe(4);
    const now = t.fake.station(S).current?.id;
    expect(t.mem.executors.get(S)).toMatchObject({ item_id: now, off_air_reason: null });
    const np = t.events.filter((e) => e.type === 'now_playing').map((e) => e.payload);
    expect(np.map((p) => p.media_id)).toContain('m-a');
  });

  it('a start lost to a database outage is written on the next round', async () => {
    const t = setup(plan);
    const d = t.make();
    await d.start();
    await t.tick(d);
    const startPlay = t.mem.store.startPlay;
    t.mem.store.startPlay = () => Promise.reject(new Error('Connection terminated unexpectedly'));
    t.fake.finishCurrent(S);
    await d.exclusive(() => Promise.resolve());
    const current = t.fake.station(S).current?.id;
    expect(t.mem.executors.get(S)?.item_id).not.toBe(current);

    t.mem.store.startPlay = startPlay;
    t.clock.advance(1_000);
    await t.tick(d);
    expect(t.mem.executors.get(S)?.item_id).toBe(current);
    expect(t.mem.history.filter((h) => h.item_id === current)).toHaveLength(1);
  });

  it('an item that ended with nothing after it is no longer named; a row naming another stays', async () => {
    const t = setup(plan);
    const d = t.make();
    await d.start();
    await t.tick(d);
    const ended = (itemId: string) =>
      t.fake.emit(S, { type: 'track_ended', itemId, source: 'automation', atMs: T0 + 2_000 });
    const started = (itemId: string) =>
      t.fake.emit(S, { type: 'track_started', itemId, source: 'automation', atMs: T0 + 2_000 });
    const settle = () => d.exclusive(() => Promise.resolve());
    // The engine gave up on a's file mid-play; the next item's decoder is still starting.
    ended('s:a:m-a');
    await settle();
    expect(t.mem.executors.get(S)).toMatchObject({ item_id: null, title: null, state: 'playing' });
    started('s:b:m-b');
    await settle();
    expect(t.mem.executors.get(S)).toMatchObject({ item_id: 's:b:m-b', media_id: 'm-b' });
    // A transition as the engine reports it: the outgoing item ends, the incoming one starts.
    ended('s:b:m-b');
    started('f:m-f:m-f');
    await settle();
    expect(t.mem.executors.get(S)).toMatchObject({ item_id: 'f:m-f:m-f', media_id: 'm-f' });
    // An item that ends under a row naming something else (a live show took the air) leaves it.
    await t.mem.store.saveExecutor(S, { tier: 1, source_id: 'live-1', item_id: 'l:live-1' }, '');
    ended('f:m-f:m-f');
    await settle();
    expect(t.mem.executors.get(S)).toMatchObject({ source_id: 'live-1', item_id: 'l:live-1' });
  });

  it('a file the engine cannot decode three times is fenced and no longer loaded', async () => {
    const t = setup(plan);
    const d = t.make();
    await d.start();
    await t.tick(d);
    for (let i = 0; i < 3; i++) t.fake.emit(S, bFailed);
    await d.exclusive(() => Promise.resolve());
    expect(t.mem.media.get('m-b')?.failed).toBe(true);
    t.fake.clearCalls();
    t.fake.restart();
    t.fake.emit(S, { type: 'stream_lost' });
    t.clock.advance(1_000);
    await t.tick(d);
    const loaded = t.fake.ops().flatMap((o) => (o.op === 'load' ? [o.item.id] : []));
    expect(loaded).not.toContain('s:b:m-b');
  });

  it('an occurrence the engine gave up on once is not loaded again', async () => {
    const t = setup(plan);
    const d = t.make();
    await d.start();
    await t.tick(d);
    t.fake.emit(S, bFailed);
    await d.exclusive(() => Promise.resolve());
    // Counted, not yet fenced: the file may play in another slot, this slot is over.
    expect(t.mem.media.get('m-b')?.failed).toBe(false);
    t.fake.clearCalls();
    t.fake.restart();
    t.fake.emit(S, { type: 'stream_lost' });
    // Within b's load lead: without the failure it would be queued again.
    t.clock.advance(130_000);
    await t.tick(d);
    const loaded = t.fake.ops().flatMap((o) => (o.op === 'load' ? [o.item.id] : []));
    expect(loaded).not.toContain('s:b:m-b');
  });
});
