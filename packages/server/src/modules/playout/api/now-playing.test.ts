import { describe, expect, it } from 'vitest';
import { TIER } from '../priority/priority-resolver.js';
import type { EngineOnAir } from './engine-on-air.js';
import { engineCorrection } from './now-playing.js';

const stored = {
  item_id: 's:slot-1:m1',
  media_id: 'm1',
  title: 'Stored',
  started_at: '2026-12-06T10:00:00.000Z',
  ends_at: null,
};
const engine = (itemId: string): EngineOnAir => ({
  tier: TIER.automation,
  itemId,
  mediaId: 'm2',
  title: 'Heard',
  startedAtMs: 10_000,
  endsAtMs: null,
});

describe('engineCorrection', () => {
  it.each([
    ['off air, stopped or idle (nothing stored)', null, engine('s:slot-2:m2'), undefined],
    ['the engine cannot tell', stored, undefined, undefined],
    ['the engine plays nothing (between items)', stored, null, undefined],
    ['both name the same item', stored, engine('s:slot-1:m1'), undefined],
  ])('keeps the stored item when %s', (_why, s, e, out) => {
    expect(engineCorrection(s, e, 20_000)).toBe(out);
  });

  it('gives the director a second to record a start', () => {
    expect(engineCorrection(stored, engine('s:slot-2:m2'), 10_999)).toBeUndefined();
  });

  it('names what the engine plays when the record lags it longer', () => {
    const e = engine('s:slot-2:m2');
    expect(engineCorrection(stored, e, 11_000)).toBe(e);
  });
});
