import { smartBlockRulesSchema, type SmartBlockRules } from '@grimnir/contracts';
import { describe, expect, it } from 'vitest';
import { makeLibrary } from '../../../test-support/programming-fixtures.js';
import type { ClockDef } from '../core/clock-compiler.js';
import { findConflicts } from '../core/conflicts.js';
import { formatInZone, wallToInstant } from '../core/time-zone.js';
import type { PlanEntry, PlannedItem, StationPlanInput } from '../core/plan-types.js';
import { planStation } from './planner.js';

const H = 3_600_000;
const M = 60_000;
const NOW = Date.UTC(2026, 5, 1, 10, 7);
const library = makeLibrary(5_000, 'planner');
const TOL = 10_000;

const music: SmartBlockRules = smartBlockRulesSchema.parse({
  include: [{ field: 'tags', op: 'neq', value: 'jingle' }],
  separation: { artist_minutes: 60, title_minutes: 720 },
  tolerance_ms: TOL,
  fillers: [{ field: 'tags', op: 'eq', value: 'jingle' }],
});
const fourBlocks: ClockDef = {
  id: 'clock-1',
  name: 'four blocks',
  priority: 0,
  hours: [{ days: [1, 2, 3, 4, 5, 6, 7], hours: Array.from({ length: 24 }, (_, h) => h) }],
  slots: [0, 15, 30, 45].map((m) => ({
    offsetMs: m * M,
    type: 'smart_block' as const,
    payload: { smart_block_id: 'sb-music' },
  })),
};

function input(overrides: Partial<StationPlanInput> = {}): StationPlanInput {
  return {
    stationId: 'st-1',
    timezone: 'Europe/London',
    nowMs: NOW,
    window: { startMs: NOW, endMs: NOW + 48 * H },
    entries: [],
    clocks: [fourBlocks],
    smartBlocks: new Map([['sb-music', music]]),
    playlists: new Map(),
    library,
    history: [],
    fallback: null,
    existing: [],
    ...overrides,
  };
}

function expectTiled(items: readonly PlannedItem[], from: number, to: number): void {
  let at = from;
  for (const item of items) {
    expect(item.startMs).toBe(at);
    expect(item.endMs).toBeGreaterThan(item.startMs);
    at = item.endMs;
  }
  expect(at).toBeGreaterThanOrEqual(to);
}

const artistOf = new Map(library.map((t) => [t.id, t.artist]));

describe('planStation with a four-block clock', () => {
  const plan = planStation(input());

  it('covers 48 h with no gap and no overlap, ending on a local hour', () => {
    expect(plan.gaps).toEqual([]);
    expect(findConflicts(plan.items)).toEqual([]);
    expectTiled(plan.items, NOW, NOW + 48 * H);
    expect(formatInZone('Europe/London', plan.horizonMs).slice(14, 19)).toBe('00:00');
  });

  it('fills every 15-minute block within tolerance with music before any filler', () => {
    const blocks = new Map<string, PlannedItem[]>();
    for (const item of plan.items)
      blocks.set(item.segmentKey, [...(blocks.get(item.segmentKey) ?? []), item]);
    for (const items of blocks.values()) {
      const musicMs = items
        .filter((i) => i.sourceType === 'smart_block')
        .reduce((n, i) => n + (i.endMs - i.startMs), 0);
      const span = items[items.length - 1]!.endMs - items[0]!.startMs;
      expect(span - musicMs).toBeLessThanOrEqual(TOL + 60_000);
    }
  });

  it('never repeats an artist within the 60-minute separation, across blocks', () => {
    const last = new Map<string, number>();
    for (const item of plan.items.filter((i) => i.sourceType === 'smart_block')) {
      const artist = artistOf.get(item.mediaId!)!;
      const prev = last.get(artist);
      if (prev !== undefined) expect(item.startMs - prev).toBeGreaterThanOrEqual(60 * M);
      last.set(artist, item.startMs);
    }
  });

  it('is idempotent: re-planning with its own output changes nothing', () => {
    const again = planStation(input({ existing: plan.items }));
    expect(again.insert).toEqual([]);
    expect(again.remove).toEqual([]);
    expect(again.items).toEqual(plan.items);
  });

  it('keeps everything when the window slides by a tick inside the same hour', () => {
    const later = planStation(
      input({
        existing: plan.items,
        nowMs: NOW + 30_000,
        window: { startMs: NOW + 30_000, endMs: NOW + 30_000 + 48 * H },
      }),
    );
    expect(later.remove).toEqual([]);
    expect(later.insert).toEqual([]);
  });

  it('re-plans the future but never what already aired when the programme changes', () => {
    const now = NOW + 20 * M;
    const changed = new Map([
      ['sb-music', { ...music, separation: { ...music.separation, artist_minutes: 90 } }],
    ]);
    const next = planStation(
      input({
        existing: plan.items,
        nowMs: now,
        window: { startMs: now, endMs: now + 48 * H },
        smartBlocks: changed,
      }),
    );
    const aired = plan.items.filter((i) => i.startMs < now);
    const current = aired.find((i) => i.endMs > now)!;
    expect(next.items[0]).toEqual(current);
    expect(next.remove.length).toBeGreaterThan(0);
    const removed = new Set(next.remove);
    for (const item of aired) expect(removed.has(item.id)).toBe(false);
    expect(next.gaps).toEqual([]);
    expectTiled(next.items, current.startMs, now + 48 * H);
  });
});

describe('planStation layering', () => {
  const weekly: PlanEntry = {
    id: 'entry-live',
    kind: 'show',
    source: { type: 'live', id: 'Morning show' },
    recurrence: {
      startsAtMs: Date.UTC(2026, 5, 1, 11),
      durationMs: 2 * H,
      rrule: 'FREQ=DAILY',
      timezone: 'Europe/London',
    },
    priority: 0,
  };

  it('puts entries over clocks and the fallback programme into uncovered hours', () => {
    const plan = planStation(
      input({
        entries: [weekly],
        clocks: [{ ...fourBlocks, hours: [{ days: [1], hours: [12, 13, 14] }] }],
      }),
    );
    expect(plan.gaps).toEqual([]);
    const live = plan.items.filter((i) => i.kind === 'live');
    expect(live.map((i) => [new Date(i.startMs).toISOString(), (i.endMs - i.startMs) / H])).toEqual(
      [
        ['2026-06-01T11:00:00.000Z', 2],
        ['2026-06-02T11:00:00.000Z', 2],
      ],
    );
    expect(live[0]!.hardStart).toBe(true);
    // 14:00 BST is a clock hour the show does not cover; 15:00 BST is nobody's.
    expect(plan.items.find((i) => i.startMs === Date.UTC(2026, 5, 1, 13))?.sourceType).toBe(
      'smart_block',
    );
    expect(plan.items.find((i) => i.startMs === Date.UTC(2026, 5, 1, 14))?.sourceType).toBe(
      'fallback',
    );
    expect(plan.items.some((i) => i.sourceType === 'fallback')).toBe(true);
  });

  it('reports overlapping entries and lets the higher priority win', () => {
    const other: PlanEntry = {
      ...weekly,
      id: 'entry-web',
      source: { type: 'webstream', id: 'ws-1' },
      recurrence: { ...weekly.recurrence, rrule: null, startsAtMs: Date.UTC(2026, 5, 1, 12) },
      priority: 5,
    };
    const plan = planStation(input({ entries: [weekly, other] }));
    expect(plan.conflicts).toEqual([
      {
        entryIds: ['entry-live', 'entry-web'],
        startMs: Date.UTC(2026, 5, 1, 12),
        endMs: Date.UTC(2026, 5, 1, 13),
      },
    ]);
    const web = plan.items.find((i) => i.kind === 'webstream');
    expect([web?.startMs, web?.endMs]).toEqual([
      Date.UTC(2026, 5, 1, 12),
      Date.UTC(2026, 5, 1, 14),
    ]);
    expect(findConflicts(plan.items)).toEqual([]);
  });

  it('airs a hard-start item at its exact offset and a stopset after it', () => {
    const clock: ClockDef = {
      ...fourBlocks,
      slots: [
        { offsetMs: 0, type: 'hard_item', payload: { media_id: 'j3' } },
        { offsetMs: 30_000, type: 'smart_block', payload: { smart_block_id: 'sb-music' } },
        { offsetMs: 55 * M, type: 'stopset', payload: { media_ids: ['j1', 'j2'] } },
      ],
    };
    const plan = planStation(
      input({ clocks: [clock], window: { startMs: NOW, endMs: NOW + 3 * H } }),
    );
    const top = plan.items.filter((i) => i.sourceType === 'hard_item');
    expect(top.length).toBeGreaterThanOrEqual(3);
    for (const item of top) {
      expect(formatInZone('Europe/London', item.startMs).slice(14, 19)).toBe('00:00');
      expect(item.hardStart).toBe(true);
    }
    const stop = plan.items.filter((i) => i.sourceType === 'stopset').map((i) => i.mediaId);
    expect(stop.slice(0, 2)).toEqual(['j1', 'j2']);
    expect(plan.gaps).toEqual([]);
  });

  it('plays playlists in order with their cue and fade overrides', () => {
    const playlist = {
      id: 'pl-1',
      mode: 'ordered' as const,
      items: [
        { mediaId: 't1', cueInMs: 1_000, cueOutMs: 61_000, fadeInMs: 500, fadeOutMs: 2_000 },
        { mediaId: 't2' },
      ],
    };
    const entry: PlanEntry = {
      id: 'e-pl',
      kind: 'entry',
      source: { type: 'playlist', id: 'pl-1' },
      recurrence: {
        startsAtMs: Date.UTC(2026, 5, 1, 12),
        durationMs: 30 * M,
        timezone: 'Europe/London',
      },
      priority: 0,
    };
    const plan = planStation(input({ entries: [entry], playlists: new Map([['pl-1', playlist]]) }));
    const items = plan.items.filter((i) => i.sourceType === 'playlist');
    expect(items[0]).toMatchObject({
      mediaId: 't1',
      startMs: Date.UTC(2026, 5, 1, 12),
      endMs: Date.UTC(2026, 5, 1, 12, 1),
      cueInMs: 1_000,
      cueOutMs: 61_000,
      fadeInMs: 500,
      fadeOutMs: 2_000,
    });
    expect(items[1]?.mediaId).toBe('t2');
    expect(items[items.length - 1]!.endMs).toBe(Date.UTC(2026, 5, 1, 12, 30));
  });

  it("leaves a track's own cue points to load time, timing items by them", () => {
    // The library's cue editor changes a track after items were planned; the director reads
    // the track's cue points when it loads the item, so planned items must not freeze a copy.
    const cued = library.map((t) => ({ ...t, cueInMs: 2_000, cueOutMs: t.durationMs - 3_000 }));
    const plan = planStation(
      input({ library: cued, window: { startMs: NOW, endMs: NOW + 2 * H } }),
    );
    const byId = new Map(cued.map((t) => [t.id, t]));
    const media = plan.items.filter((i) => i.kind === 'media' && i.sourceType !== 'filler');
    expect(media.length).toBeGreaterThan(10);
    for (const item of media) {
      expect(item).toMatchObject({ cueInMs: null, cueOutMs: null });
      const track = byId.get(item.mediaId ?? '');
      // Cued length is duration − 5 s; a segment's last item may be stretched by under a second.
      expect(item.endMs - item.startMs).toBeLessThan((track?.durationMs ?? 0) - 4_000);
    }
  });

  it('fills a station with no clock and no fallback from a library rotation', () => {
    const plan = planStation(input({ clocks: [], window: { startMs: NOW, endMs: NOW + 6 * H } }));
    expect(plan.gaps).toEqual([]);
    expect(new Set(plan.items.map((i) => i.sourceType))).toEqual(new Set(['fallback', 'filler']));
  });

  it('rebuilds a segment whose media disappeared from the library', () => {
    const plan = planStation(input({ window: { startMs: NOW, endMs: NOW + 2 * H } }));
    const victim = plan.items[5]!.mediaId!;
    const next = planStation(
      input({
        existing: plan.items,
        window: { startMs: NOW, endMs: NOW + 2 * H },
        library: library.filter((t) => t.id !== victim),
      }),
    );
    expect(next.items.some((i) => i.mediaId === victim)).toBe(false);
    expect(next.gaps).toEqual([]);
  });
});

describe('planStation across DST changes', () => {
  it.each([
    ['Europe/London', '2026-10-25', 25],
    ['Europe/London', '2026-03-29', 23],
    ['America/New_York', '2026-11-01', 25],
    ['Australia/Sydney', '2026-10-04', 23],
    ['Asia/Kolkata', '2026-03-29', 24],
  ])('%s on %s plays %i clock hours back to back', (tz, day, hours) => {
    const from = wallToInstant(tz, Date.parse(`${day}T00:00:00Z`));
    const to = wallToInstant(tz, Date.parse(`${day}T00:00:00Z`) + 24 * H);
    const plan = planStation(
      input({ timezone: tz, nowMs: from, window: { startMs: from, endMs: to - 1 } }),
    );
    expect(plan.horizonMs).toBe(to);
    expect(plan.gaps).toEqual([]);
    expectTiled(plan.items, from, to);
    const blockStarts = new Set(plan.items.map((i) => i.segmentKey));
    expect(blockStarts.size).toBe(hours * 4);
  });
});
