import { describe, expect, it } from 'vitest';
import {
  baseName,
  detectFormat,
  matchEntries,
  parseM3u,
  parsePls,
  renderM3u,
  renderPls,
} from './playlist-formats.js';

describe('parseM3u', () => {
  it.each([
    [
      'extended with tags',
      '#EXTM3U\n#EXTINF:215,Nina Simone - Feeling Good\n/music/feeling.mp3\n',
      [
        {
          line: 3,
          location: '/music/feeling.mp3',
          artist: 'Nina Simone',
          title: 'Feeling Good',
          duration_ms: 215_000,
        },
      ],
    ],
    [
      'plain paths, CRLF, BOM, comments and blanks',
      '\uFEFFa.mp3\r\n# a comment\r\n\r\nC:\\Music\\b.flac\r\n',
      [
        { line: 1, location: 'a.mp3', artist: null, title: null, duration_ms: null },
        { line: 4, location: 'C:\\Music\\b.flac', artist: null, title: null, duration_ms: null },
      ],
    ],
    [
      'unknown length and a bare title; tags do not leak to the next entry',
      '#EXTINF:-1,Only Title\nx.ogg\ny.ogg',
      [
        { line: 2, location: 'x.ogg', artist: null, title: 'Only Title', duration_ms: null },
        { line: 3, location: 'y.ogg', artist: null, title: null, duration_ms: null },
      ],
    ],
  ])('%s', (_, input, expected) => {
    expect(parseM3u(input)).toEqual(expected);
  });
});

describe('parsePls', () => {
  it('reads numbered entries in number order, whatever the line order', () => {
    const text =
      '[playlist]\nFile2=b.mp3\nTitle2=B - Two\nFile1=a.mp3\nTitle1=A - One\nLength1=60\nNumberOfEntries=2\nVersion=2\n';
    expect(parsePls(text)).toEqual([
      { line: 4, location: 'a.mp3', artist: 'A', title: 'One', duration_ms: 60_000 },
      { line: 2, location: 'b.mp3', artist: 'B', title: 'Two', duration_ms: null },
    ]);
  });
  it('skips titles without a file', () => {
    expect(parsePls('[playlist]\nTitle1=Lonely\n')).toEqual([]);
  });
});

describe('detectFormat', () => {
  it.each([
    ['[playlist]\nFile1=a', 'pls'],
    ['  [Playlist]\n', 'pls'],
    ['#EXTM3U\n', 'm3u'],
    ['a.mp3', 'm3u'],
  ])('%j → %s', (input, format) => expect(detectFormat(input)).toBe(format));
});

describe('baseName', () => {
  it.each([
    ['/a/b/c.mp3', 'c.mp3'],
    ['C:\\x\\y.flac', 'y.flac'],
    ['http://h/p/My%20Song.mp3?x=1', 'My Song.mp3'],
    ['plain.ogg', 'plain.ogg'],
    ['bad%zz.mp3', 'bad%zz.mp3'],
  ])('%s → %s', (input, name) => expect(baseName(input)).toBe(name));
});

describe('render → parse round trip', () => {
  const tracks = [
    { title: 'One', artist: 'A', duration_ms: 61_400, filename: 'one.mp3' },
    { title: 'Two\nlines', artist: null, duration_ms: null, filename: 'two.flac' },
  ];
  it.each([
    ['m3u', renderM3u, parseM3u],
    ['pls', renderPls, parsePls],
  ] as const)('%s', (_, render, parse) => {
    const back = parse(render(tracks));
    expect(back.map((e) => [e.location, e.artist, e.title, e.duration_ms])).toEqual([
      ['one.mp3', 'A', 'One', 61_000],
      ['two.flac', null, 'Two lines', null],
    ]);
  });
});

describe('matchEntries', () => {
  const candidates = [
    { id: 'm1', title: 'Feeling Good', artist: 'Nina Simone', filename: 'feeling.mp3' },
    { id: 'm2', title: 'Feeling Good', artist: 'Nina Simone', filename: 'dupe.mp3' },
    { id: 'm3', title: 'Other', artist: null, filename: 'Other.MP3' },
  ];
  const entry = (location: string, artist: string | null = null, title: string | null = null) => ({
    line: 1,
    location,
    artist,
    title,
    duration_ms: null,
  });
  it.each([
    ['by file name, case-insensitive', entry('/x/other.mp3'), 'm3', 'path'],
    ['by file name before tags', entry('dupe.mp3', 'Nina Simone', 'Feeling Good'), 'm2', 'path'],
    [
      'by tags, first candidate wins',
      entry('gone.mp3', 'nina simone', 'FEELING GOOD'),
      'm1',
      'tags',
    ],
    ['a bare title matches a track without artist', entry('zz.mp3', null, 'other'), 'm3', 'tags'],
  ])('%s', (_, e, id, by) => {
    expect(matchEntries([e], candidates).matched).toEqual([{ entry: e, media_id: id, by }]);
  });
  it('reports what matched nothing, with its line and a reason', () => {
    const out = matchEntries(
      [
        { ...entry('nope.mp3'), line: 4 },
        { ...entry('nope2.mp3', 'X', 'Y'), line: 6 },
      ],
      candidates,
    );
    expect(out.matched).toEqual([]);
    expect(out.unmatched).toEqual([
      { line: 4, entry: 'nope.mp3', reason: expect.stringContaining('no tags') },
      { line: 6, entry: 'nope2.mp3', reason: expect.stringContaining('artist and title') },
    ]);
  });
});
