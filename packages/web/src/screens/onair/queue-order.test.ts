import { describe, expect, it } from 'vitest';
import { moveItem } from './queue-order';

describe('moveItem', () => {
  it.each([
    ['down one', ['a', 'b', 'c'], 0, 1, ['b', 'a', 'c']],
    ['up one', ['a', 'b', 'c'], 2, 1, ['a', 'c', 'b']],
    ['last to first', ['a', 'b', 'c'], 2, 0, ['c', 'a', 'b']],
    ['first to last', ['a', 'b', 'c'], 0, 2, ['b', 'c', 'a']],
    ['onto itself', ['a', 'b'], 1, 1, ['a', 'b']],
    ['above the top (no-op)', ['a', 'b'], 0, -1, ['a', 'b']],
    ['below the bottom (no-op)', ['a', 'b'], 1, 2, ['a', 'b']],
  ] as const)('%s', (_n, list, from, to, want) => {
    expect(moveItem(list, from, to)).toEqual(want);
  });
});
