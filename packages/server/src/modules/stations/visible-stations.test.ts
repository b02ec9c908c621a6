import { describe, expect, it } from 'vitest';
import type { StationRow } from './stations.repository.js';
import { visibleStations } from './visible-stations.js';

const station = (id: string, flags: { public?: boolean; active?: boolean } = {}): StationRow => ({
  id,
  name: id.toUpperCase(),
  slug: id,
  description: '',
  timezone: 'UTC',
  active: flags.active ?? true,
  public: flags.public ?? true,
  loudness_target_lufs: -16,
  crossfade_ms: 0,
  crossfade_curve: 'linear',
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
});

const all = [
  station('a'),
  station('b', { public: false }),
  station('c', { active: false }),
  station('d'),
];
const ids = (rows: StationRow[]) => rows.map((s) => s.id);

describe('visibleStations', () => {
  it.each([
    ['anonymous callers: public and active only', 'public' as const, ['a', 'd']],
    ['admins: every station', 'all' as const, ['a', 'b', 'c', 'd']],
    ['members: their stations, in list order', ['d', 'b'], ['b', 'd']],
    ['members of none: nothing', [], []],
    ['an id that no longer exists is ignored', ['gone', 'c'], ['c']],
  ])('%s', (_what, view, expected) => {
    expect(ids(visibleStations(all, view))).toEqual(expected);
  });
});
