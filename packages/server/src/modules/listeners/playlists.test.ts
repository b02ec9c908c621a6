import { describe, expect, it } from 'vitest';
import { playlistText, splitPlaylistSuffix } from './playlists.js';

describe('playlists', () => {
  it.each([
    ['m3u', '#EXTM3U\n#EXTINF:-1,Jazz FM\nhttp://r.test/stream/jazz\n'],
    [
      'pls',
      '[playlist]\nNumberOfEntries=1\nFile1=http://r.test/stream/jazz\nTitle1=Jazz FM\nLength1=-1\nVersion=2\n',
    ],
  ] as const)('%s', (kind, want) => {
    expect(playlistText(kind, 'http://r.test/stream/jazz', 'Jazz\r\nFM')).toBe(want);
  });
  it.each([
    ['jazz.m3u', { base: 'jazz', kind: 'm3u' }],
    ['jazz.hi.pls', { base: 'jazz.hi', kind: 'pls' }],
    ['jazz', undefined],
    ['.m3u', undefined],
    ['jazz.mp3', undefined],
  ])('splitPlaylistSuffix(%s)', (seg, want) => expect(splitPlaylistSuffix(seg)).toEqual(want));
});
