import { describe, expect, it } from 'vitest';
import { importOrder, isImportable } from './audio-files.js';

const exts = ['mp3', 'flac', 'wav', 'ogg', 'aiff', 'aif'];

describe('isImportable', () => {
  it.each([
    ['song.mp3', true],
    ['Album/01 Intro.FLAC', true],
    ['a/b/c/deep.wav', true],
    ['old.aif', true],
    ['cover.jpg', false],
    ['notes.txt', false],
    ['README', false],
    ['mp3', false],
    ['._song.mp3', false],
    ['.hidden/song.mp3', false],
    ['Album/.DS_Store', false],
    ['Album\\._track.wav', false],
    ['song.mp3.part', false],
    ['song.m4v', false],
  ])('%s → %s', (path, expected) => {
    expect(isImportable(path, exts)).toBe(expected);
  });
});

describe('importOrder', () => {
  it('sorts by path, byte order, without changing the input', () => {
    const input = ['b/2.mp3', 'a.mp3', 'B/1.mp3', 'b/10.mp3'];
    expect(importOrder(input)).toEqual(['B/1.mp3', 'a.mp3', 'b/10.mp3', 'b/2.mp3']);
    expect(input[0]).toBe('b/2.mp3');
  });
});
