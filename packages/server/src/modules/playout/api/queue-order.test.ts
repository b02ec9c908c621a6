import { describe, expect, it } from 'vitest';
import { decideReorder, isPermutation } from './queue-order.js';

describe('decideReorder', () => {
  it.each([
    ['moves one up', ['a', 'b', 'c'], ['a', 'b', 'c'], ['b', 'a', 'c'], 'apply'],
    ['same order again (a retry)', ['b', 'a', 'c'], ['a', 'b', 'c'], ['b', 'a', 'c'], 'unchanged'],
    ['another operator moved first', ['c', 'a', 'b'], ['a', 'b', 'c'], ['b', 'a', 'c'], 'stale'],
    [
      'an item was added meanwhile',
      ['a', 'b', 'c', 'd'],
      ['a', 'b', 'c'],
      ['c', 'b', 'a'],
      'stale',
    ],
    ['an item was removed meanwhile', ['a', 'c'], ['a', 'b', 'c'], ['b', 'a', 'c'], 'stale'],
    ['drops an item', ['a', 'b', 'c'], ['a', 'b', 'c'], ['a', 'b'], 'invalid'],
    ['repeats an item', ['a', 'b'], ['a', 'b'], ['a', 'a'], 'invalid'],
    ['names an unknown item', ['a', 'b'], ['a', 'b'], ['a', 'x'], 'invalid'],
    ['empty queue', [], [], [], 'unchanged'],
  ] as const)('%s', (_name, current, previous, next, want) => {
    expect(decideReorder(current, previous, next)).toBe(want);
  });
});

describe('isPermutation', () => {
  it.each([
    [['a', 'b'], ['b', 'a'], true],
    [['a', 'a'], ['a', 'a'], false],
    [['a', 'b'], ['a', 'b', 'b'], false],
  ] as const)('%j → %j: %s', (a, b, want) => {
    expect(isPermutation(a, b)).toBe(want);
  });
});
