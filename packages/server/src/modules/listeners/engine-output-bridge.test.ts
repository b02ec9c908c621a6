import { describe, expect, it } from 'vitest';
import { icyTitle } from './engine-output-bridge.js';

describe('icyTitle', () => {
  it.each([
    [{ artist: 'Grimnir', title: 'Tone' }, 'Grimnir - Tone'],
    [{ artist: '  ', title: 'Station ID' }, 'Station ID'],
  ])('%j → %s', (p, want) => {
    expect(icyTitle(p)).toBe(want);
  });
});
