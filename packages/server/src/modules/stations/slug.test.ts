import { describe, expect, it } from 'vitest';
import { slugify, uniqueSlug } from './slug.js';

describe('slugify', () => {
  it.each([
    ['Radio Ünïcode FM!', 'radio-unicode-fm'],
    ['  ../../etc/passwd ', 'etc-passwd'],
    ['!!!', 'station'],
    ['Jazz 24/7', 'jazz-24-7'],
    ['a'.repeat(80), 'a'.repeat(48)],
  ])('%s → %s', (name, want) => {
    expect(slugify(name)).toBe(want);
  });
});

describe('uniqueSlug', () => {
  it('appends the first free number', async () => {
    const taken = new Set(['jazz', 'jazz-2']);
    expect(await uniqueSlug('jazz', (s) => Promise.resolve(taken.has(s)))).toBe('jazz-3');
    expect(await uniqueSlug('rock', (s) => Promise.resolve(taken.has(s)))).toBe('rock');
  });
});
