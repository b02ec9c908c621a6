import { pino } from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../../infra/clock.js';
import { fakeEngine } from '../../../test-support/fake-engine.js';
import { memoryPlayoutStore, testMedia } from '../../../test-support/memory-playout-store.js';
import { createPlayoutMetrics } from './playout.metrics.js';
import { inMemoryUpcomingItems, type PlayoutEvent, type UpcomingItem } from '../ports.js';
import { StationDirector } from './station-director.js';

const S = 'station-1';
const T0 = Date.parse('2026-03-01T12:00:00Z');

function item(id: string, startS: number, endS: number, over: Partial<UpcomingItem> = {}) {
  return {
    id,
    stationId: S,
    startMs: T0 + startS * 1000,
    endMs: T0 + endS * 1000,
    kind: 'media' as const,
    mediaId: `m-${id}`,
    cueInMs: null,
    cueOutMs: null,
    fadeInMs: null,
    fadeOutMs: null,
    hardStart: false,
    label: null,
    ...over,
  };
}

function setup(items: UpcomingItem[], startAt = T0 + 10_000, deferStart = false) {
  const clock = manualClock(new Date(startAt));
  const fake = fakeEngine(() => clock.now().getTime(), { deferStart });
  const mem = memoryPlayoutStore();
  for (const i of items) if (i.mediaId) mem.media.set(i.mediaId, testMedia(S, i.mediaId));
  const registry = new Registry();
  const events: PlayoutEvent[] = [];
  const upcoming = inMemoryUpcomingItems(items);
  const metrics = createPlayoutMetrics(registry);
  const make = () =>
    new StationDirector({
      stationId: S,
      engine: fake.engine,
      upcoming,
      store: mem.store,
      config: () =>
        Promise.resolve({
          crossfadeMs: 3000,
          crossfadeCurve: 'equal_power',
          loudnessTargetLufs: -16,
          outputs: [
            {
              mount: 'main',
              format: 'mp3',
              bitrateKbps: 128,
              sampleRate: 44100,
              channels: 2,
              icecast: null,
            },
          ],
        }),
      clock,
      events: { publish: (e) => events.push(e) },
      metrics,
      log: pino({ level: 'silent' }),
      mediaRoot: '/media',
      deadAirMs: 10_000,
    });
  const director = make();
  const settle = () => director.exclusive(() => Promise.resolve());
  const tick = async (d = director) => {
    const wake = await d.tick();
    await d.exclusive(() => Promise.resolve());
    return wake;
  };
  return { clock, fake, mem, registry, events, upcoming, director, make, settle, tick };
}

const plan = [item('a', 0, 180), item('b', 180, 420), item('c', 420, 600, { hardStart: true })];

describe('StationDirector', () => {
  it('cold start: configures the engine and starts the item due now at its offset', async () => {
    const t = setup(plan);
    await t.director.start();
    await t.tick();
    const ops = t.fake.ops();
    expect(ops[0]).toMatchObject({ op: 'configure' });
    expect(ops[1]).toMatchObject({
      op: 'load',
      replace: true,
      item: { id: 's:a:m-a', cueInMs: 10_000, path: '/media/station-1/m-a.mp3', loudnessLufs: -14 },
    });
    expect(ops[2]).toEqual({ op: 'play' });
    expect(t.mem.history).toMatchObject([
      { item_id: 's:a:m-a', media_id: 'm-a', tier: 3, source: 'automation', ended_at: null },
    ]);
    expect(t.mem.playCounts.get('m-a')).toBe(1);
    expect(t.director.view.state).toBe('playing');
    expect(t.mem.executors.get(S)).toMatchObject({ state: 'playing', item_id: 's:a:m-a', tier: 3 });
    expect(t.events.map((e) => e.type)).toContain('now_playing');
  });

  it('reads the engine status on the next round after its event stream broke', async () => {
    const t = setup(plan);
    await t.director.start();
    await t.tick();
    const statusCalls = () => t.fake.calls.filter((c) => c.call.op === 'status').length;
    // The engine did not know the station: its status is read again a second later (a first
    // track_started may precede the new event stream).
    t.clock.set(new Date(T0 + 11_000));
    await t.tick();
    const before = statusCalls();
    t.clock.set(new Date(T0 + 12_000));
    await t.tick();
    // Within the poll interval nothing asks the engine again...
    expect(statusCalls()).toBe(before);
    t.fake.emit(S, { type: 'stream_lost' });
    await t.settle();
    t.clock.set(new Date(T0 + 12_500));
    await t.tick();
    // ...but a broken stream (an engine restart) is looked at at once.
    expect(statusCalls()).toBe(before + 1);
  });

  it('loads the next soft item well ahead of time, not earlier', async () => {
    const t = setup(plan);
    await t.director.start();
    await t.tick();
    t.clock.set(new Date(T0 + 119_000));
    await t.tick();
    expect(t.fake.ops().filter((o) => o.op === 'load')).toHaveLength(1);
    t.clock.set(new Date(T0 + 120_000));
    await t.tick();
    const loads = t.fake.ops().filter((o) => o.op === 'load');
    expect(loads).toHaveLength(2);
    expect(loads[1]).toMatchObject({ replace: false, item: { id: 's:b:m-b', cueInMs: 0 } });
  });

  it('arms a hard-timed item and has the engine start it exactly at its time with the station crossfade', async () => {
    const t = setup(plan);
    await t.director.start();
    await t.tick();
    t.clock.set(new Date(T0 + 200_000));
    await t.tick();
    t.fake.finishCurrent(S);
    await t.settle();
    t.clock.set(new Date(T0 + 409_950));
    let wake = await t.tick();
    expect(wake).toBe(50);
    // Armed and sent together, the lead (10 s) ahead, naming the start: the engine holds the
    // item for it and places it on the sample.
    t.clock.set(new Date(T0 + 410_000));
    wake = await t.tick();
    expect(t.fake.ops().slice(-2)).toMatchObject([
      { op: 'load', replace: true, hold: true, item: { id: 's:c:m-c' } },
      { op: 'transition', durationMs: 3000, curve: 'equal_power', atMs: T0 + 420_000 },
    ]);
    expect(wake).toBe(1_000);
    expect(t.director.view.current?.id).toBe('s:b:m-b');
    expect(t.director.view.state).toBe('playing');
    t.clock.set(new Date(T0 + 419_990));
    expect(await t.tick()).toBe(10);
    t.clock.set(new Date(T0 + 420_000));
    t.fake.runDue(S);
    await t.tick();
    expect(t.director.view.current?.id).toBe('s:c:m-c');
    expect(t.mem.history.at(-1)).toMatchObject({
      item_id: 's:c:m-c',
      started_at: new Date(T0 + 420_000).toISOString(),
    });
    expect(t.director.view.state).toBe('fading');
    t.clock.advance(3000);
    await t.tick();
    expect(t.director.view.state).toBe('playing');
  });

  it.each([
    // [spacing, when each transition is sent]: the first with its arm, the lead (10 s) ahead;
    // the next once the previous one started (the engine holds one timed start at a time).
    [2_000, [10_000, 20_000, 22_000]],
    [1_000, [10_000, 20_000, 21_000]],
  ])('back-to-back hard items %d ms apart each start at their own time', async (gap, sentAt) => {
    const starts = [20_000, 20_000 + gap, 20_000 + 2 * gap];
    const t = setup(
      starts.map((ms, i) =>
        item(`h${i}`, ms / 1000, ms / 1000 + (i === 2 ? 60 : gap / 1000), {
          hardStart: true,
          fadeInMs: 0,
        }),
      ),
      T0,
    );
    await t.director.start();
    for (let ms = 0; ms <= 25_000; ms += 100) {
      t.clock.set(new Date(T0 + ms));
      t.fake.runDue(S);
      await t.tick();
    }
    // Each transition named its own start, sent ahead; the next item's queue replace (armed
    // right after) did not take the place of the one already scheduled.
    const sent = t.fake.calls.filter((c) => c.call.op === 'transition');
    expect(sent.map((c) => [c.atMs - T0, c.call.op === 'transition' && c.call.atMs])).toEqual(
      starts.map((ms, i) => [sentAt[i], T0 + ms]),
    );
    const scheduled = t.mem.history.filter((h) => h.item_id.startsWith('s:'));
    expect(scheduled.map((h) => [h.item_id, Date.parse(h.started_at) - T0])).toEqual(
      starts.map((ms, i) => [`s:h${i}:m-h${i}`, ms]),
    );
  });

  it('a hard start the director reaches late goes at once, not at a past time', async () => {
    const t = setup(plan);
    await t.director.start();
    await t.tick();
    t.clock.set(new Date(T0 + 420_300));
    await t.tick();
    const sent = t.fake.ops().filter((o) => o.op === 'transition');
    expect(sent).toEqual([{ op: 'transition', durationMs: 3000, curve: 'equal_power' }]);
    // Armed late: queued (not held) and started by a "now" transition.
    expect(t.fake.ops()).toContainEqual({
      op: 'load',
      replace: true,
      item: expect.objectContaining({ id: 's:c:m-c', cueInMs: 300 }),
    });
    expect(t.director.view.current?.id).toBe('s:c:m-c');
  });

  it('a hard-timed item after a gap starts exactly on time, from fallback, once', async () => {
    const t = setup([item('h', 5, 65, { hardStart: true })], T0);
    await t.director.start();
    await t.tick();
    expect(t.director.view.onAir).toEqual({ tier: 4 });
    const transitions = t.fake.calls.filter((c) => c.call.op === 'transition');
    expect(transitions).toHaveLength(1);
    expect(transitions[0]).toMatchObject({ atMs: T0, call: { atMs: T0 + 5_000 } });
    // The engine holds it: fallback goes on until its time.
    t.clock.set(new Date(T0 + 4_999));
    t.fake.runDue(S);
    await t.tick();
    expect(t.director.view.onAir).toEqual({ tier: 4 });
    t.clock.set(new Date(T0 + 5_000));
    t.fake.runDue(S);
    await t.settle();
    expect(t.director.view.current?.id).toBe('s:h:m-h');
    expect(t.mem.history.at(-1)?.started_at).toBe(new Date(T0 + 5_000).toISOString());
    t.clock.advance(1_000);
    await t.tick();
    expect(t.fake.calls.filter((c) => c.call.op === 'transition')).toHaveLength(1);
  });

  it('when automation runs dry, fallback fills in and an aired item is not aired again', async () => {
    const t = setup(plan);
    t.mem.media.set('m-f', testMedia(S, 'm-f'));
    await t.director.start();
    await t.tick();
    t.clock.set(new Date(T0 + 100_000));
    t.fake.finishCurrent(S);
    await t.settle();
    expect(t.director.view.onAir).toEqual({ tier: 4 });
    t.fake.clearCalls();
    t.clock.set(new Date(T0 + 101_000));
    await t.tick();
    expect(t.fake.ops().filter((o) => o.op === 'load' || o.op === 'transition')).toEqual([]);
    t.clock.set(new Date(T0 + 180_000));
    await t.tick();
    expect(t.fake.ops()).toContainEqual(
      expect.objectContaining({
        op: 'load',
        replace: true,
        item: expect.objectContaining({ id: 's:b:m-b', cueInMs: 0 }),
      }),
    );
    expect(t.director.view.current?.id).toBe('s:b:m-b');
    expect(t.mem.history.filter((h) => h.item_id === 's:a:m-a')).toHaveLength(1);
  });

  it('does not replace the engine queue before the engine started what it was asked to', async () => {
    const t = setup([item('a', 0, 8), item('h', 8, 60, { hardStart: true })], T0 + 1_000, true);
    await t.director.start();
    await t.tick();
    t.clock.advance(100);
    await t.tick();
    expect(
      t.fake
        .ops()
        .filter((o) => o.op === 'load')
        .map((o) => o.op === 'load' && o.item.id),
    ).toEqual(['s:a:m-a']);
    t.fake.finishCurrent(S);
    await t.settle();
    t.clock.advance(100);
    await t.tick();
    expect(t.fake.ops().slice(-2)).toMatchObject([
      { op: 'load', replace: true, item: { id: 's:h:m-h' } },
      { op: 'transition', atMs: T0 + 8_000 },
    ]);
    expect(t.director.view.current?.id).toBe('s:a:m-a');
  });

  it('emergency takes the air at once and release resumes at the time-correct position', async () => {
    const t = setup(plan);
    await t.director.start();
    await t.tick();
    t.mem.media.set('m-em', testMedia(S, 'm-em', { title: 'Alert' }));
    t.mem.sources.push({
      id: 'em1',
      station_id: S,
      tier: 0,
      kind: 'emergency',
      media_id: 'm-em',
      label: null,
      created_by: null,
      activated_at: new Date(T0 + 20_000).toISOString(),
      released_at: null,
    });
    t.clock.set(new Date(T0 + 20_000));
    await t.director.applyNow();
    await t.settle();
    expect(t.fake.ops().at(-1)).toMatchObject({
      op: 'insertEmergency',
      item: { id: 'e:em1:m-em' },
      loop: false,
    });
    expect(t.director.view.state).toBe('emergency');
    expect(t.mem.history.at(-1)).toMatchObject({ tier: 0, source: 'emergency' });

    t.clock.set(new Date(T0 + 200_000));
    t.mem.sources[0]!.released_at = new Date(T0 + 200_000).toISOString();
    t.fake.clearCalls();
    await t.director.applyNow();
    await t.settle();
    expect(t.fake.ops()).toEqual([
      expect.objectContaining({
        op: 'load',
        replace: true,
        item: expect.objectContaining({ id: 's:b:m-b', cueInMs: 20_000 }),
      }),
      { op: 'transition', durationMs: 300, curve: 'equal_power' },
      { op: 'releaseEmergency' },
    ]);
    expect(t.director.view.state).toBe('fading');
    expect(t.mem.history.find((h) => h.tier === 0)?.ended_at).not.toBeNull();
  });

  it('an engine that fails an emergency gets it on the next round, after a resync', async () => {
    const t = setup(plan);
    await t.director.start();
    await t.tick();
    t.mem.media.set('m-em', testMedia(S, 'm-em'));
    t.mem.sources.push({
      id: 'em3',
      station_id: S,
      tier: 0,
      kind: 'emergency',
      media_id: 'm-em',
      label: null,
      created_by: null,
      activated_at: new Date(T0 + 10_000).toISOString(),
      released_at: null,
    });
    const real = t.fake.engine.insertEmergency.bind(t.fake.engine);
    t.fake.engine.insertEmergency = () => Promise.reject(new Error('unavailable'));
    await expect(t.director.applyNow()).rejects.toThrow('unavailable');
    expect(t.director.view.state).toBe('playing');
    t.fake.engine.insertEmergency = real;
    t.fake.clearCalls();
    t.clock.advance(100);
    await t.tick();
    expect(t.fake.calls.map((c) => c.call.op)).toEqual(['status', 'configure', 'insertEmergency']);
    expect(t.director.view.state).toBe('emergency');
  });

  it('an emergency message that ends by itself releases its source', async () => {
    const t = setup(plan);
    await t.director.start();
    await t.tick();
    t.mem.media.set('m-em', testMedia(S, 'm-em'));
    t.mem.sources.push({
      id: 'em2',
      station_id: S,
      tier: 0,
      kind: 'emergency',
      media_id: 'm-em',
      label: null,
      created_by: null,
      activated_at: new Date(T0 + 10_000).toISOString(),
      released_at: null,
    });
    await t.director.applyNow();
    await t.settle();
    expect(t.mem.executors.get(S)).toMatchObject({ item_id: 'e:em2:m-em', tier: 0 });
    t.fake.emit(S, {
      type: 'track_ended',
      itemId: 'e:em2:m-em',
      source: 'emergency',
      atMs: T0 + 40_000,
    });
    await t.settle();
    expect(t.mem.sources[0]!.released_at).not.toBeNull();
    // Now playing stops naming it until the engine reports what plays next.
    expect(t.mem.executors.get(S)?.item_id).toBeNull();
  });

  it('re-synchronises after an engine restart: reconfigures and resumes where the plan is', async () => {
    const t = setup(plan);
    await t.director.start();
    await t.tick();
    t.fake.restart();
    t.fake.clearCalls();
    t.clock.set(new Date(T0 + 300_000));
    await t.tick();
    const ops = t.fake.ops();
    expect(ops[0]).toMatchObject({ op: 'configure' });
    expect(ops).toContainEqual(
      expect.objectContaining({
        op: 'load',
        item: expect.objectContaining({ id: 's:b:m-b', cueInMs: 120_000 }),
      }),
    );
    expect(ops).toContainEqual({ op: 'play' });
    const rows = t.mem.history.filter((h) => h.item_id === 's:a:m-a');
    expect(rows[0]?.ended_at).toBe(new Date(T0 + 300_000).toISOString());
  });

  it('re-synchronises after a control-plane restart without touching what plays', async () => {
    const t = setup(plan);
    await t.director.start();
    await t.tick();
    t.director.close();
    t.fake.clearCalls();
    const fresh = t.make();
    await fresh.start();
    t.clock.advance(1000);
    await t.tick(fresh);
    // Re-sending the settings is harmless (the engine reconfigures without a gap); nothing else.
    expect(t.fake.ops().map((o) => o.op)).toEqual(['configure']);
    expect(fresh.view.onAir).toMatchObject({ tier: 3, itemId: 'a' });
  });

  it('falls back when the plan is empty, then takes the air when items appear', async () => {
    const t = setup([]);
    t.mem.media.set('m-f', testMedia(S, 'm-f'));
    await t.director.start();
    await t.tick();
    expect(t.fake.ops()[0]).toMatchObject({
      op: 'configure',
      settings: { fallback: [expect.objectContaining({ id: 'f:m-f:m-f' })] },
    });
    expect(t.fake.ops()).toContainEqual({ op: 'play' });
    expect(t.director.view.onAir).toEqual({ tier: 4 });
    expect(t.mem.history.at(-1)).toMatchObject({
      item_id: 'f:m-f:m-f',
      tier: 4,
      source: 'fallback',
    });
    const gauge = await t.registry.getSingleMetric('grimnir_executor_state')!.get();
    expect(gauge.values[0]?.value).toBe(6);
    t.upcoming.set(plan);
    for (const i of plan) if (i.mediaId) t.mem.media.set(i.mediaId, testMedia(S, i.mediaId));
    t.clock.advance(6000);
    await t.tick();
    expect(t.fake.ops()).toContainEqual(
      expect.objectContaining({
        op: 'load',
        replace: true,
        item: expect.objectContaining({ id: 's:a:m-a', cueInMs: 16_000 }),
      }),
    );
    expect(t.director.view.onAir).toMatchObject({ tier: 3, itemId: 'a' });
  });

  it('puts play-next queue items ahead of scheduled ones and consumes them when they air', async () => {
    const t = setup(plan);
    await t.director.start();
    await t.tick();
    t.clock.set(new Date(T0 + 130_000));
    await t.tick();
    t.mem.media.set('m-q', testMedia(S, 'm-q'));
    t.mem.queue.push({
      id: 'q1',
      station_id: S,
      media_id: 'm-q',
      created_by: null,
      created_at: '',
    });
    t.fake.clearCalls();
    t.clock.advance(1000);
    await t.tick();
    expect(t.fake.ops().map((o) => (o.op === 'load' ? [o.item.id, o.replace] : o.op))).toEqual([
      ['q:q1:m-q', true],
      ['s:b:m-b', false],
    ]);
    t.fake.finishCurrent(S);
    await t.settle();
    expect(t.mem.queue).toEqual([]);
    expect(t.mem.history.at(-1)).toMatchObject({ item_id: 'q:q1:m-q', tier: 3 });
  });

  it('dead air: silence beyond the threshold skips once, counts a dropout and tells listeners', async () => {
    const t = setup(plan);
    await t.director.start();
    await t.tick();
    t.clock.set(new Date(T0 + 130_000));
    await t.tick();
    t.fake.emit(S, { type: 'silence', durationMs: 2000, atMs: T0 + 130_000 });
    await t.settle();
    t.fake.clearCalls();
    t.clock.set(new Date(T0 + 138_000));
    await t.tick();
    expect(t.fake.ops()).toEqual([]);
    t.clock.set(new Date(T0 + 138_500));
    await t.tick();
    expect(t.fake.ops()).toEqual([{ op: 'skip' }]);
    const dropouts = await t.registry.getSingleMetric('grimnir_playout_dropout_count_total')!.get();
    expect(dropouts.values).toEqual([{ labels: { station_id: S, mount: 'main' }, value: 1 }]);
    expect(t.events.find((e) => e.type === 'dead_air')?.payload).toMatchObject({
      station_id: S,
      action: 'skip',
      mount: 'main',
      silent_seconds: 10.5,
    });
    t.clock.advance(1000);
    await t.tick();
    expect(t.fake.ops()).toEqual([{ op: 'skip' }]);
  });

  it('levels above the threshold clear a silence report', async () => {
    const t = setup(plan);
    await t.director.start();
    await t.tick();
    t.fake.emit(S, { type: 'silence', durationMs: 2000, atMs: T0 + 10_000 });
    t.fake.emit(S, { type: 'levels', rmsDb: -20, atMs: T0 + 11_000 });
    await t.settle();
    t.fake.clearCalls();
    t.clock.advance(30_000);
    await t.tick();
    expect(t.fake.ops()).not.toContainEqual({ op: 'skip' });
  });

  it('an unplayable scheduled item (missing media) leaves the air to fallback', async () => {
    const t = setup([item('x', 0, 180, { mediaId: 'gone' })]);
    t.mem.media.delete('gone');
    await t.director.start();
    await t.tick();
    expect(t.fake.ops().filter((o) => o.op === 'load')).toEqual([]);
    expect(t.fake.ops()).toContainEqual({ op: 'play' });
  });

  it('stop silences the station and start brings it back at the time-correct position', async () => {
    const t = setup(plan);
    await t.director.start();
    await t.tick();
    await t.director.setEnabled(false);
    expect(t.fake.ops().at(-1)).toEqual({ op: 'stop' });
    expect(t.director.view.state).toBe('idle');
    t.fake.clearCalls();
    t.clock.set(new Date(T0 + 60_000));
    await t.tick();
    expect(t.fake.ops()).toEqual([]);
    await t.director.setEnabled(true);
    await t.tick();
    expect(t.fake.ops()).toContainEqual(
      expect.objectContaining({
        op: 'load',
        item: expect.objectContaining({ id: 's:a:m-a', cueInMs: 60_000 }),
      }),
    );
    expect(t.fake.ops()).toContainEqual({ op: 'play' });
    const gauge = await t.registry.getSingleMetric('grimnir_executor_state')!.get();
    expect(gauge.values[0]?.value).toBe(2);
  });
});
