import { describe, expect, it } from 'vitest';
import type { MediaForPlayout } from '../playout.repository.js';
import type { EngineStatusView } from '../ports.js';
import { engineOnAir } from './engine-on-air.js';

const media = {
  id: 'm1',
  title: 'Tone',
  artist: 'Sine',
  duration_ms: 180_000,
  cue_in_ms: 500,
  cue_out_ms: 179_000,
} as MediaForPlayout;
const NOW = 1_000_000;

const read = (status: EngineStatusView | Error) =>
  engineOnAir(
    {
      engine: {
        status: () => (status instanceof Error ? Promise.reject(status) : Promise.resolve(status)),
      },
      media: (id) => Promise.resolve(id === 'm1' ? media : undefined),
      nowMs: NOW,
    },
    'st',
  );
const status = (over: Partial<EngineStatusView>): EngineStatusView => ({
  state: 'playing',
  currentItemId: 's:item:m1',
  positionMs: 10_000,
  queuedItemIds: [],
  ...over,
});

describe('engineOnAir', () => {
  it.each([
    ['the engine is unreachable', new Error('14 UNAVAILABLE')],
    ['the engine does not know the station', status({ state: 'absent' })],
    ['a live source plays', status({ state: 'live', currentItemId: null })],
    ['an emergency plays over automation', status({ state: 'emergency' })],
    ['the item id is not ours', status({ currentItemId: 'something-else' })],
  ])('cannot tell when %s', async (_why, s) => {
    expect(await read(s)).toBeUndefined();
  });

  it.each([
    ['stopped', status({ state: 'stopped' })],
    ['playing nothing', status({ currentItemId: null })],
  ])('says nothing plays when %s', async (_why, s) => {
    expect(await read(s)).toBeNull();
  });

  it.each([
    ['s:item:m1', 3],
    ['q:queue:m1', 3],
    ['e:source:m1', 0],
    ['f:m1:m1', 4],
  ])('names %s at its tier, timed cue to cue from the position', async (itemId, tier) => {
    expect(await read(status({ currentItemId: itemId }))).toEqual({
      tier,
      itemId,
      mediaId: 'm1',
      title: 'Sine - Tone',
      startedAtMs: NOW - 10_000,
      endsAtMs: NOW - 10_000 + 178_500,
    });
  });

  it('still names the item when its media row is gone (untitled, no end)', async () => {
    expect(await read(status({ currentItemId: 's:item:gone' }))).toMatchObject({
      mediaId: 'gone',
      title: '',
      endsAtMs: null,
    });
  });
});
