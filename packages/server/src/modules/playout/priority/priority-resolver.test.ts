import { describe, expect, it } from 'vitest';
import {
  automationPosition,
  resolvePriority,
  type Holder,
  type PrioritySource,
  type TimelineItem,
} from './priority-resolver.js';

const T0 = Date.parse('2026-01-01T12:00:00Z');
const timeline: TimelineItem[] = [
  { id: 'a', startMs: T0, endMs: T0 + 180_000 },
  { id: 'b', startMs: T0 + 180_000, endMs: T0 + 420_000 },
  { id: 'c', startMs: T0 + 420_000, endMs: T0 + 600_000 },
];
const emergency: PrioritySource = { id: 'em1', tier: 0, activatedAtMs: T0 + 10_000 };
const liveOverride: PrioritySource = { id: 'dj1', tier: 1, activatedAtMs: T0 + 5_000 };
const liveScheduled: PrioritySource = { id: 'show1', tier: 2, activatedAtMs: T0 };

describe('resolvePriority', () => {
  const cases: {
    name: string;
    now: number;
    sources: PrioritySource[];
    items?: TimelineItem[];
    onAir: Holder | undefined;
    holder: Holder;
    change: 'none' | 'take' | 'release';
  }[] = [
    {
      name: 'automation plays the item covering now at its offset',
      now: T0 + 200_000,
      sources: [],
      onAir: undefined,
      holder: { tier: 3, itemId: 'b', offsetMs: 20_000 },
      change: 'take',
    },
    {
      name: 'automation moving to the next item is not a change of hands',
      now: T0 + 200_000,
      sources: [],
      onAir: { tier: 3, itemId: 'a', offsetMs: 0 },
      holder: { tier: 3, itemId: 'b', offsetMs: 20_000 },
      change: 'none',
    },
    {
      name: 'emergency beats everything',
      now: T0 + 20_000,
      sources: [liveScheduled, liveOverride, emergency],
      onAir: { tier: 1, sourceId: 'dj1' },
      holder: { tier: 0, sourceId: 'em1' },
      change: 'take',
    },
    {
      name: 'live override beats live scheduled',
      now: T0 + 20_000,
      sources: [liveScheduled, liveOverride],
      onAir: { tier: 2, sourceId: 'show1' },
      holder: { tier: 1, sourceId: 'dj1' },
      change: 'take',
    },
    {
      name: 'live scheduled takes the air from automation',
      now: T0 + 20_000,
      sources: [liveScheduled],
      onAir: { tier: 3, itemId: 'a', offsetMs: 0 },
      holder: { tier: 2, sourceId: 'show1' },
      change: 'take',
    },
    {
      name: 'within a tier the newest claim wins',
      now: T0 + 20_000,
      sources: [emergency, { id: 'em2', tier: 0, activatedAtMs: T0 + 15_000 }],
      onAir: { tier: 0, sourceId: 'em1' },
      holder: { tier: 0, sourceId: 'em2' },
      change: 'take',
    },
    {
      name: 'the same source still holding is no change',
      now: T0 + 20_000,
      sources: [emergency],
      onAir: { tier: 0, sourceId: 'em1' },
      holder: { tier: 0, sourceId: 'em1' },
      change: 'none',
    },
    {
      name: 'emergency released: the next active tier (live) resumes',
      now: T0 + 30_000,
      sources: [liveOverride],
      onAir: { tier: 0, sourceId: 'em1' },
      holder: { tier: 1, sourceId: 'dj1' },
      change: 'release',
    },
    {
      name: 'release to automation resumes at the time-correct item and offset',
      now: T0 + 300_000,
      sources: [],
      onAir: { tier: 0, sourceId: 'em1' },
      holder: { tier: 3, itemId: 'b', offsetMs: 120_000 },
      change: 'release',
    },
    {
      name: 'release near the end of an item starts the next item from its top',
      now: T0 + 419_000,
      sources: [],
      onAir: { tier: 0, sourceId: 'em1' },
      holder: { tier: 3, itemId: 'c', offsetMs: 0 },
      change: 'release',
    },
    {
      name: 'empty schedule falls back',
      now: T0 + 20_000,
      sources: [],
      items: [],
      onAir: undefined,
      holder: { tier: 4 },
      change: 'take',
    },
    {
      name: 'past the end of the plan falls back, releasing from emergency',
      now: T0 + 700_000,
      sources: [],
      onAir: { tier: 0, sourceId: 'em1' },
      holder: { tier: 4 },
      change: 'release',
    },
    {
      name: 'automation returning takes the air from fallback',
      now: T0 + 1_000,
      sources: [],
      onAir: { tier: 4 },
      holder: { tier: 3, itemId: 'a', offsetMs: 1_000 },
      change: 'take',
    },
  ];

  it.each(cases)('$name', ({ now, sources, items, onAir, holder, change }) => {
    const d = resolvePriority({ nowMs: now, sources, timeline: items ?? timeline, onAir });
    expect(d.holder).toEqual(holder);
    expect(d.change).toBe(change);
    if (change === 'none') expect(d.transition).toBeUndefined();
    else expect(d.transition).toEqual({ fadeMs: 300, deadlineMs: now + 500 });
  });

  it('bounds the fade by the maximum switch time', () => {
    const d = resolvePriority({
      nowMs: T0,
      sources: [emergency],
      timeline,
      onAir: { tier: 3, itemId: 'a', offsetMs: 0 },
      settings: { switchFadeMs: 2_000, maxSwitchMs: 500, minResumeRemainingMs: 1_000 },
    });
    expect(d.transition).toEqual({ fadeMs: 500, deadlineMs: T0 + 500 });
  });
});

describe('automationPosition', () => {
  it.each([
    { now: T0, want: { itemId: 'a', offsetMs: 0 } },
    { now: T0 + 179_999, want: { itemId: 'b', offsetMs: 0 } },
    { now: T0 + 500_000, want: { itemId: 'c', offsetMs: 80_000 } },
    { now: T0 - 1_000, want: { itemId: 'a', offsetMs: 0 } },
    { now: T0 - 60_000, want: undefined },
    { now: T0 + 599_000, want: undefined },
  ])('at +$now', ({ now, want }) => {
    expect(automationPosition(timeline, now, 2_000)).toEqual(want);
  });

  it('never starts a hard-timed item early', () => {
    const hard = [
      { id: 'a', startMs: T0, endMs: T0 + 1_000 },
      { id: 'h', startMs: T0 + 1_000, endMs: T0 + 60_000, hardStart: true },
    ];
    expect(automationPosition(hard, T0 + 500, 2_000)).toBeUndefined();
    expect(automationPosition(hard, T0 - 500, 2_000)).toEqual({ itemId: 'a', offsetMs: 0 });
    expect(automationPosition(hard.slice(1), T0 + 999, 2_000)).toBeUndefined();
    expect(automationPosition(hard, T0 + 1_000, 2_000)).toEqual({ itemId: 'h', offsetMs: 0 });
  });

  it('finds the item in an unsorted timeline', () => {
    expect(automationPosition([...timeline].reverse(), T0 + 430_000, 2_000)).toEqual({
      itemId: 'c',
      offsetMs: 10_000,
    });
  });
});
