import { describe, expect, it } from 'vitest';
import { liveTierAt } from './live-tier.js';

const item = (kind: 'media' | 'webstream' | 'live', startMs: number, endMs: number) => ({
  kind,
  startMs,
  endMs,
});

describe('liveTierAt', () => {
  it.each([
    ['nothing scheduled', [], 1],
    ['a media item covers now', [item('media', 0, 2_000)], 1],
    ['a live slot covers now', [item('live', 0, 2_000)], 2],
    ['a live slot among media', [item('media', 0, 500), item('live', 500, 2_000)], 2],
    ['a live slot starts exactly now', [item('live', 1_000, 2_000)], 2],
    ['a live slot ended exactly now', [item('live', 0, 1_000)], 1],
    ['a live slot later today', [item('live', 5_000, 9_000)], 1],
    ['a webstream covers now', [item('webstream', 0, 2_000)], 1],
  ] as const)('%s → tier %i', (_name, items, tier) => {
    expect(liveTierAt(items, 1_000)).toBe(tier);
  });
});
