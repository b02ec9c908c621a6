import type { IAudioMetadata } from 'music-metadata';
import { describe, expect, it } from 'vitest';
import {
  extractMetadata,
  isExplicit,
  normaliseBpm,
  normaliseIsrc,
  pickPicture,
} from './media-tags.js';

function meta(common: Partial<IAudioMetadata['common']>, extra: Partial<IAudioMetadata> = {}) {
  return {
    format: { duration: 12.3456, trackInfo: [], tagTypes: [], hasAudio: true, hasVideo: false },
    native: {},
    quality: { warnings: [] },
    common: {
      track: { no: null, of: null },
      disk: { no: null, of: null },
      movementIndex: {},
      ...common,
    },
    ...extra,
  } as unknown as IAudioMetadata;
}

describe('extractMetadata', () => {
  it('maps the common tags', () => {
    const out = extractMetadata(
      meta({
        title: '  Night Drive ',
        artist: 'Test Artist',
        album: 'Album',
        genre: ['Synthwave', 'Electronic'],
        year: 2024,
        track: { no: 3, of: 10 },
        isrc: ['us-s1z-99-00001'],
        bpm: 120.456,
        mood: 'Calm',
        language: 'eng',
        label: ['Own Label'],
      }),
      'fallback',
    );
    expect(out.tags).toEqual({
      title: 'Night Drive',
      artist: 'Test Artist',
      album: 'Album',
      genre: 'Synthwave',
      year: 2024,
      track_number: 3,
      isrc: 'USS1Z9900001',
      bpm: 120.46,
      mood: 'Calm',
      language: 'eng',
      label: 'Own Label',
      explicit: false,
    });
    expect(out.durationMs).toBe(12346);
    expect(out.picture).toBeUndefined();
  });

  it('falls back to the filename title and drops nonsense values', () => {
    const out = extractMetadata(
      meta({ title: ' \u0000 ', year: 0, track: { no: -1, of: null }, isrc: ['nope'], bpm: 0 }),
      'from-file',
    );
    expect(out.tags).toMatchObject({
      title: 'from-file',
      year: null,
      track_number: null,
      isrc: null,
      bpm: null,
    });
  });

  it.each([undefined, Number.NaN, Number.POSITIVE_INFINITY, 0])(
    'reports no duration for %s seconds',
    (duration) => {
      const m = meta({});
      (m.format as { duration?: number }).duration = duration;
      expect(extractMetadata(m, 't').durationMs).toBeNull();
    },
  );

  it('bounds very long strings', () => {
    expect(extractMetadata(meta({ artist: 'a'.repeat(10_000) }), 't').tags.artist).toHaveLength(
      500,
    );
  });
});

describe('tag helpers', () => {
  it.each([
    ['USS1Z9900001', 'USS1Z9900001'],
    ['US-S1Z-99-00001', 'USS1Z9900001'],
    ['us s1z 99 00001', 'USS1Z9900001'],
    ['123', null],
    [42, null],
  ])('normaliseIsrc(%j) = %j', (input, expected) => {
    expect(normaliseIsrc(input)).toBe(expected);
  });

  it.each([
    [128, 128],
    ['99.5', 99.5],
    [-3, null],
    [5000, null],
    ['fast', null],
  ])('normaliseBpm(%j) = %j', (input, expected) => {
    expect(normaliseBpm(input)).toBe(expected);
  });

  it.each([
    [{ iTunes: [{ id: 'rtng', value: 1 }] }, true],
    [{ iTunes: [{ id: 'rtng', value: 4 }] }, true],
    [{ iTunes: [{ id: 'rtng', value: 2 }] }, false],
    [{ 'ID3v2.4': [{ id: 'TXXX:ITUNESADVISORY', value: '1' }] }, true],
    [{ vorbis: [{ id: 'EXPLICIT', value: 'true' }] }, true],
    [{ vorbis: [{ id: 'TITLE', value: '1' }] }, false],
    [{}, false],
  ])('isExplicit(%j) = %s', (native, expected) => {
    expect(isExplicit(native)).toBe(expected);
  });

  it('prefers the front cover and skips unknown image formats', () => {
    const data = new Uint8Array([1, 2, 3]);
    expect(
      pickPicture([
        { format: 'image/png', data, type: 'Other' },
        { format: 'image/jpeg', data, type: 'Cover (front)' },
      ]),
    ).toEqual({ data, ext: 'jpg' });
    expect(pickPicture([{ format: 'image/x-weird', data }])).toBeUndefined();
    expect(pickPicture([{ format: 'image/png', data: new Uint8Array() }])).toBeUndefined();
    expect(pickPicture(undefined)).toBeUndefined();
  });
});
