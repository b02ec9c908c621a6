import { smartBlockRulesSchema, type SmartBlockRules } from '@grimnir/contracts';
import type {
  ClockDef,
  StationPlanInput,
  Track,
} from '@grimnir/server/modules/programming/index.js';
import { makeLibrary } from '@grimnir/server/test-support/programming-fixtures.js';

const HOUR_MS = 3_600_000;
export const LIBRARY_SIZE = 50_000;
export const LOOKAHEAD_MS = 72 * HOUR_MS;

/** Four different smart blocks, one per quarter hour, each with separation, a quota and an energy curve. */
export function benchBlocks(): Map<string, SmartBlockRules> {
  const genres = [
    ['rock', 'pop'],
    ['jazz', 'soul'],
    ['electronic', 'hiphop'],
    ['folk', 'classical', 'pop'],
  ];
  return new Map(
    genres.map((g, i) => [
      `sb-${i}`,
      smartBlockRulesSchema.parse({
        include: [{ field: 'genre', op: 'in', value: g }],
        exclude: [{ field: 'explicit', op: 'eq', value: true }],
        weights: [{ filter: { field: 'tags', op: 'eq', value: 'hit' }, weight: 3 }],
        quotas: [{ filter: { field: 'tags', op: 'eq', value: 'hit' }, max: 2, window_minutes: 60 }],
        separation: { artist_minutes: 90, title_minutes: 1440, album_minutes: 120 },
        tolerance_ms: 10_000,
        fillers: [{ field: 'tags', op: 'eq', value: 'jingle' }],
        energy_curve: [
          { at: 0, energy: 0.4 },
          { at: 1, energy: 0.7 },
        ],
      }),
    ]),
  );
}

export function benchClock(): ClockDef {
  return {
    id: 'clock-bench',
    name: '4 × 15 min',
    priority: 0,
    hours: [{ days: [1, 2, 3, 4, 5, 6, 7], hours: Array.from({ length: 24 }, (_, h) => h) }],
    slots: [0, 1, 2, 3].map((q) => ({
      offsetMs: q * 15 * 60_000,
      type: 'smart_block' as const,
      payload: { smart_block_id: `sb-${q}` },
    })),
  };
}

export function benchLibrary(seed = 'bench'): Track[] {
  return makeLibrary(LIBRARY_SIZE, seed);
}

export function benchInput(
  stationId: string,
  library: readonly Track[],
  nowMs: number,
): StationPlanInput {
  return {
    stationId,
    timezone: 'Europe/London',
    nowMs,
    window: { startMs: nowMs, endMs: nowMs + LOOKAHEAD_MS },
    entries: [],
    clocks: [benchClock()],
    smartBlocks: benchBlocks(),
    playlists: new Map(),
    library,
    history: [],
    fallback: null,
    existing: [],
  };
}
