import { describe, expect, it } from 'vitest';
import { makeLibrary } from '../../../test-support/programming-fixtures.js';
import { findConflicts } from '../core/conflicts.js';
import { formatInZone, wallToInstant } from '../core/time-zone.js';
import type { PlanEntry, StationPlanInput } from '../core/plan-types.js';
import { planStation } from './planner.js';

const H = 3_600_000;
const D = 24 * H;
const library = makeLibrary(3_000, 'shows');

function input(tz: string, startMs: number, days: number, entries: PlanEntry[]): StationPlanInput {
  return {
    stationId: 'st',
    timezone: tz,
    nowMs: startMs,
    window: { startMs, endMs: startMs + days * D },
    entries,
    clocks: [],
    smartBlocks: new Map(),
    playlists: new Map(),
    library,
    history: [],
    fallback: null,
    existing: [],
  };
}

describe.each([
  ['Europe/London', '2026-03-26', '2026-10-22'],
  ['America/New_York', '2026-03-05', '2026-10-29'],
  ['Australia/Sydney', '2026-04-02', '2026-10-01'],
  ['Asia/Kolkata', '2026-03-26', '2026-10-22'],
])('a weekly 09:00 live show in %s', (tz, beforeSpring, beforeAutumn) => {
  it.each([beforeSpring, beforeAutumn])(
    'airs at 09:00 local on both sides of the change after %s',
    (day) => {
      const first = wallToInstant(tz, Date.parse(`${day}T09:00:00Z`));
      const show: PlanEntry = {
        id: 'show',
        kind: 'show',
        source: { type: 'live', id: 'Morning' },
        priority: 0,
        recurrence: { startsAtMs: first, durationMs: 2 * H, rrule: 'FREQ=WEEKLY', timezone: tz },
      };
      const plan = planStation(input(tz, first - H, 9, [show]));
      const live = plan.items.filter((i) => i.kind === 'live');
      expect(live.map((i) => formatInZone(tz, i.startMs).slice(11, 16))).toEqual([
        '09:00',
        '09:00',
      ]);
      expect(live.map((i) => formatInZone(tz, i.endMs).slice(11, 16))).toEqual(['11:00', '11:00']);
      expect(plan.gaps).toEqual([]);
      expect(findConflicts(plan.items)).toEqual([]);
    },
  );
});

describe('show exceptions in the plan', () => {
  it('drops a cancelled instance and moves a rescheduled one', () => {
    const tz = 'Europe/Paris';
    const first = wallToInstant(tz, Date.parse('2026-06-01T20:00:00Z'));
    const show: PlanEntry = {
      id: 'night',
      kind: 'show',
      source: { type: 'live' },
      priority: 0,
      recurrence: { startsAtMs: first, durationMs: H, rrule: 'FREQ=DAILY', timezone: tz },
      exceptions: [
        { originalStartsAtMs: first + D, cancelled: true },
        {
          originalStartsAtMs: first + 2 * D,
          startsAtMs: first + 2 * D + 30 * 60_000,
          durationMs: 30 * 60_000,
        },
      ],
    };
    const plan = planStation(input(tz, first - H, 4, [show]));
    const live = plan.items
      .filter((i) => i.kind === 'live')
      .map((i) => formatInZone(tz, i.startMs) + '/' + (i.endMs - i.startMs) / 60_000);
    expect(live).toEqual([
      '2026-06-01T20:00:00+02:00/60',
      '2026-06-03T20:30:00+02:00/30',
      '2026-06-04T20:00:00+02:00/60',
    ]);
    expect(plan.gaps).toEqual([]);
  });
});
