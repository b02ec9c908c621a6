import { describe, expect, it } from 'vitest';
import { testMedia } from '../../../test-support/memory-playout-store.js';
import { engineItem } from './engine-items.js';

const media = testMedia('st', 'm1', {
  cue_in_ms: 1_500,
  cue_out_ms: 170_000,
  fade_in_ms: 800,
  fade_out_ms: 2_500,
});

describe('engineItem', () => {
  it("plays the item's own cue points and fades (set in the library) when nothing overrides them", () => {
    expect(
      engineItem('s:x:m1', media, '/media', {
        cueInMs: null,
        cueOutMs: null,
        fadeInMs: null,
        fadeOutMs: null,
      }),
    ).toMatchObject({ cueInMs: 1_500, cueOutMs: 170_000, fadeInMs: 800, fadeOutMs: 2_500 });
  });

  it("lets an entry's overrides win, and starts a resume past the cue-in", () => {
    const spec = engineItem(
      's:x:m1',
      media,
      '/media',
      { cueInMs: 10_000, cueOutMs: 60_000, fadeInMs: 0, fadeOutMs: 1_000 },
      5_000,
    );
    expect(spec).toMatchObject({
      cueInMs: 15_000,
      cueOutMs: 60_000,
      fadeInMs: 0,
      fadeOutMs: 1_000,
    });
  });

  it('plays from the start with no fades when the item has none', () => {
    const plain = testMedia('st', 'm2', { cue_in_ms: null });
    expect(engineItem('q:x:m2', plain, '/media')).toMatchObject({
      cueInMs: 0,
      cueOutMs: 0,
      fadeInMs: 0,
      fadeOutMs: 0,
    });
  });
});
