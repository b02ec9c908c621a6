import { describe, expect, it } from 'vitest';
import { formOf, patchOf, yearError } from './media-form';
import type { MediaItem } from './queries';

const item = {
  title: 'Night Drive',
  artist: 'Kalo',
  album: null,
  genre: 'Jazz',
  year: 1999,
  mood: null,
  language: null,
  label: null,
  tags: ['late'],
  explicit: false,
  active: true,
} as unknown as MediaItem;

describe('patchOf', () => {
  it('is empty when nothing changed', () => {
    expect(patchOf(item, formOf(item))).toEqual({});
  });

  it('sends only changed fields, trimmed, and clears emptied ones', () => {
    const f = { ...formOf(item), title: ' Night Ride ', artist: '', album: 'Roads', year: '' };
    expect(patchOf(item, f)).toEqual({
      title: 'Night Ride',
      artist: null,
      album: 'Roads',
      year: null,
    });
  });

  it('sends tags and switches when they change', () => {
    const f = { ...formOf(item), tags: ['late', 'drive'], explicit: true, active: false };
    expect(patchOf(item, f)).toEqual({ tags: ['late', 'drive'], explicit: true, active: false });
  });

  it('never sends a malformed year (JSON would make it null)', () => {
    expect(patchOf(item, { ...formOf(item), year: '19x' })).toEqual({});
    expect(yearError('19x')).toBe('A year like 1999');
    expect(yearError('2001')).toBeUndefined();
  });
});
