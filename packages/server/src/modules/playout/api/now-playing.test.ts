import { describe, expect, it } from 'vitest';
import { TIER } from '../priority/priority-resolver.js';
import type { EngineOnAir } from './engine-on-air.js';
import { engineBetweenItems, engineCorrection } from './now-playing.js';

const T0 = Date.parse('2026-12-06T10:00:00.000Z');
const stored = {
  item_id: 's:slot-1:m1',
  media_id: 'm1',
  title: 'Stored',
  started_at: new Date(T0).toISOString(),
  ends_at: null,
};
// The engine plays m2 since T0 + 60 s.
const engine = (itemId: string): EngineOnAir => ({
  tier: TIER.automation,
  itemId,
  mediaId: 'm2',
  title: 'Heard',
  startedAtMs: T0 + 60_000,
  endsAtMs: null,
});
const at = (atMs: number, onAir: EngineOnAir | null | undefined) => ({ atMs, onAir });

describe('engineCorrection', () => {
  it.each([
    ['off air, stopped or idle (nothing stored)', null, at(T0 + 90_000, engine('s:2:m2'))],
    ['the engine was not asked', stored, undefined],
    ['the engine cannot tell', stored, at(T0 + 90_000, undefined)],
    ['the engine plays nothing (between items)', stored, at(T0 + 90_000, null)],
    ['both name the same item', stored, at(T0 + 90_000, engine('s:slot-1:m1'))],
    ['the record is newer than the report', stored, at(T0 - 1, engine('s:0:m0'))],
    ['the director had under a second to record', stored, at(T0 + 60_999, engine('s:2:m2'))],
    [
      'the engine item started before the recorded one (a deck under a released layer)',
      { ...stored, started_at: new Date(T0 + 70_000).toISOString() },
      at(T0 + 90_000, engine('s:2:m2')),
    ],
  ])('keeps the stored item when %s', (_why, s, report) => {
    expect(engineCorrection(s, report)).toBeUndefined();
  });

  it('names what the engine plays when the record lags it for a second or more', () => {
    const e = engine('s:slot-2:m2');
    expect(engineCorrection(stored, at(T0 + 61_000, e))).toBe(e);
    expect(engineCorrection({ ...stored, started_at: null }, at(T0 + 61_000, e))).toBe(e);
  });
});

describe('engineBetweenItems', () => {
  it('names what the engine plays while the on-air row names nothing (a layer released)', () => {
    const e = engine('s:1:m1');
    expect(engineBetweenItems(true, at(T0, e))).toBe(e);
  });

  it.each([
    ['the row names an item, is off air or idle', false, at(T0, engine('s:1:m1'))],
    ['the engine was not asked', true, undefined],
    ['the engine cannot tell (live, unreachable)', true, at(T0, undefined)],
    ['the engine plays nothing', true, at(T0, null)],
  ])('names nothing when %s', (_why, between, report) => {
    expect(engineBetweenItems(between, report)).toBeUndefined();
  });
});
