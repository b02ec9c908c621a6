import { smartBlockRulesSchema } from '@grimnir/contracts';
import { describe, expect, it } from 'vitest';
import { runSliced } from '../../../infra/slices.js';
import { makeLibrary } from '../../../test-support/programming-fixtures.js';
import { byDurationThenIndex, lengthOrderSteps } from '../core/duration-index.js';
import { compileSelection } from '../core/filters.js';
import { runToEnd } from '../core/steps.js';
import { playableMs } from '../core/track.js';
import { prepareSmartBlock, prepareSmartBlockSteps } from '../core/prepare.js';
import type { StationPlanInput } from '../core/plan-types.js';
import { planStation, planStationSteps } from './planner.js';

const H = 3_600_000;
const NOW = Date.UTC(2026, 5, 1, 10, 7);
const library = makeLibrary(12_000, 'steps');
const music = smartBlockRulesSchema.parse({
  include: [{ field: 'tags', op: 'neq', value: 'jingle' }],
  separation: { artist_minutes: 60, title_minutes: 720 },
  fillers: [{ field: 'tags', op: 'eq', value: 'jingle' }],
});
const input = (): StationPlanInput => ({
  stationId: 'st-steps',
  timezone: 'Europe/London',
  nowMs: NOW,
  window: { startMs: NOW, endMs: NOW + 24 * H },
  entries: [],
  clocks: [
    {
      id: 'clock',
      name: 'hourly',
      priority: 0,
      hours: [{ days: [1, 2, 3, 4, 5, 6, 7], hours: Array.from({ length: 24 }, (_, h) => h) }],
      slots: [0, 30].map((m) => ({
        offsetMs: m * 60_000,
        type: 'smart_block' as const,
        payload: { smart_block_id: 'sb' },
      })),
    },
  ],
  smartBlocks: new Map([['sb', music]]),
  playlists: new Map(),
  library,
  history: [],
  fallback: null,
  existing: [],
});

describe('the planner in steps', () => {
  it('yields between units of work and plans exactly what planStation plans', async () => {
    const whole = planStation(input());
    const steps = planStationSteps(input());
    let yields = 0;
    let r = steps.next();
    for (; r.done !== true; r = steps.next()) yields += 1;
    // 48 half-hour segments, the library filtered in chunks: far more than one step per segment.
    expect(yields).toBeGreaterThan(48);
    expect(r.value).toEqual(whole);
    // Driven in slices over turns of the event loop (what the scheduler does): same plan.
    expect(await runSliced(planStationSteps(input()), 0)).toEqual(whole);
  });

  it('prepares a smart block in steps to the same block', () => {
    const steps = prepareSmartBlockSteps(library, music, NOW);
    let r = steps.next();
    let yields = 0;
    for (; r.done !== true; r = steps.next()) yields += 1;
    expect(yields).toBeGreaterThan(2);
    const whole = prepareSmartBlock(library, music, NOW);
    expect(r.value.pool.tracks).toEqual(whole.pool.tracks);
    expect([...r.value.pool.weights]).toEqual([...whole.pool.weights]);
    expect(r.value.fillers).toEqual(whole.fillers);
  });
});

describe('byDurationThenIndex', () => {
  const comparatorSort = (ms: Float64Array, idx: number[]) =>
    [...idx].sort((a, b) => (ms[a] ?? 0) - (ms[b] ?? 0) || a - b);

  it('orders by duration, ties by index, as a comparator sort does', () => {
    const ms = Float64Array.from({ length: 5_000 }, (_, i) => 180_000 + ((i * 7919) % 997) * 10);
    const idx = Array.from({ length: 5_000 }, (_, i) => i).filter((i) => i % 3 !== 0);
    expect(byDurationThenIndex(ms, idx)).toEqual(comparatorSort(ms, idx));
  });

  it('falls back to the comparator for fractional or huge durations', () => {
    const ms = Float64Array.from([3.5, 1.25, 3.5, 2, Number.MAX_SAFE_INTEGER / 2, 0.5]);
    const idx = [0, 1, 2, 3, 4, 5];
    expect(byDurationThenIndex(ms, idx)).toEqual(comparatorSort(ms, idx));
  });
});

describe('a pool filtered from the library length order', () => {
  const lengths = runToEnd(lengthOrderSteps(library));
  // What a pool was before the shared order: the block's selected tracks with a weight and a
  // length, sorted by length, ties by library position.
  const sortedPool = (rules: typeof music) => {
    const whole = prepareSmartBlock(library, rules, NOW);
    const selected = compileSelection(rules.include, rules.include_mode, rules.exclude, NOW);
    const expected = library
      .map((t, i) => ({ t, i, w: whole.weightOf(t) }))
      .filter(({ t, w }) => selected(t) && w > 0 && playableMs(t) > 0)
      .sort((a, b) => playableMs(a.t) - playableMs(b.t) || a.i - b.i);
    return { whole, expected };
  };

  it.each([
    ['music without jingles', music],
    [
      'weighted hits, no explicit',
      smartBlockRulesSchema.parse({
        include: [{ field: 'genre', op: 'in', value: ['rock', 'pop', 'jazz'] }],
        exclude: [{ field: 'explicit', op: 'eq', value: true }],
        weights: [{ filter: { field: 'tags', op: 'eq', value: 'hit' }, weight: 3 }],
      }),
    ],
    [
      'everything, some weighted zero',
      smartBlockRulesSchema.parse({
        weights: [{ filter: { field: 'tags', op: 'eq', value: 'jingle' }, weight: 0 }],
      }),
    ],
  ])('%s: same pool with or without the shared order', (_, rules) => {
    const { whole, expected } = sortedPool(rules);
    const shared = prepareSmartBlock(library, rules, NOW, undefined, lengths);
    expect(shared.pool.tracks).toEqual(whole.pool.tracks);
    expect(whole.pool.tracks).toEqual(expected.map((e) => e.t));
    expect([...whole.pool.weights]).toEqual(expected.map((e) => e.w));
  });
});
