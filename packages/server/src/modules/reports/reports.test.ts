import { describe, expect, it } from 'vitest';
import { clientFamily } from './client-family.js';
import { toCsv } from './csv.js';
import { createListenerStats } from './listener-stats.js';
import { royaltyRows, soundExchangeText } from './royalties.js';

describe('clientFamily', () => {
  it.each([
    ['direct', 'VLC/3.0.20 LibVLC/3.0.20', 'VLC'],
    [
      'direct',
      'Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/120.0 Safari/537.36 Edg/120.0',
      'Edge',
    ],
    ['direct', 'Mozilla/5.0 (X11) AppleWebKit/537.36 Chrome/120.0 Safari/537.36', 'Chrome'],
    [
      'direct',
      'Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1',
      'Safari',
    ],
    ['direct', 'AppleCoreMedia/1.0.0.21A329 (iPhone)', 'Apple'],
    ['direct', 'Lavf/60.3.100', 'FFmpeg'],
    ['direct', 'curl/8.5.0', 'Script'],
    ['direct', 'SomethingNew/1.0', 'Other'],
    ['direct', null, 'Unknown'],
    ['relay', 'VLC', 'Icecast relay'],
  ])('%s %s → %s', (kind, ua, family) => expect(clientFamily(kind, ua)).toBe(family));
});

describe('toCsv', () => {
  it('quotes what needs quoting and defuses formulas', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x,y', 'say "hi"'],
          ['=SUM(A1)', -3],
          [null, 'line\nbreak'],
        ],
      ),
    ).toBe('a,b\r\n"x,y","say ""hi"""\r\n\'=SUM(A1),-3\r\n,"line\nbreak"\r\n');
  });
});

describe('createListenerStats', () => {
  const range = { fromMs: 0, toMs: 60_000, stepMs: 30_000, nowMs: 100_000 };
  const s = (id: string, a: number, z: number | null, who: string | null = id) => ({
    id,
    mount: 'm',
    kind: 'direct',
    clientHash: who,
    userAgent: null,
    country: null,
    startedMs: a,
    endedMs: z,
  });

  it('counts a listener heard across crossfaded (overlapping) plays in each of them', () => {
    const stats = createListenerStats(range, [
      { startMs: 0, endMs: 32_000 },
      { startMs: 30_000, endMs: 60_000 },
    ]);
    stats.add(s('a', 31_000, 40_000));
    const r = stats.result();
    expect(r.plays).toEqual([
      { listeners: 1, tuning_ms: 1000 },
      { listeners: 1, tuning_ms: 9000 },
    ]);
  });

  it('clips sessions to the range and to now, and ignores those outside', () => {
    const stats = createListenerStats({ ...range, nowMs: 45_000 }, []);
    stats.add(s('before', -50_000, 10_000));
    stats.add(s('open', 40_000, null));
    stats.add(s('after', 70_000, 80_000));
    const r = stats.result();
    expect(r.totals).toEqual({
      sessions: 2,
      unique: 2,
      peak: 1,
      average: 0.25,
      listening_hours: 0.004,
    });
    expect(r.series.map((p) => [p.average, p.peak, p.unique])).toEqual([
      [0.333, 1, 1],
      [0.167, 1, 1],
    ]);
  });

  it('counts a connection that ended in the millisecond it began, but nothing at the edges', () => {
    const stats = createListenerStats(range, []);
    stats.add(s('edge-before', -5_000, 0));
    stats.add(s('probe', 20_000, 20_000, 'p'));
    stats.add(s('probe-again', 21_000, 21_000, 'p'));
    const r = stats.result();
    expect(r.totals).toMatchObject({ sessions: 2, unique: 1, listening_hours: 0 });
  });
});

describe('royalties', () => {
  it('skips plays without a recording and strips pipes from SoundExchange fields', () => {
    const rows = royaltyRows([
      {
        mediaId: null,
        title: 'Live',
        artist: null,
        album: null,
        isrc: null,
        label: null,
        listeners: 9,
        tuningMs: 9e6,
      },
      {
        mediaId: 'm1',
        title: 'A|B',
        artist: 'X',
        album: null,
        isrc: 'us-abc-26-00001',
        label: null,
        listeners: 2,
        tuningMs: 5_400_000,
      },
    ]);
    expect(rows).toHaveLength(1);
    expect(soundExchangeText('S', 'A', rows).split('\r\n')[1]).toBe(
      'S|A|X|A B|USABC2600001|||2|1.50|S|1',
    );
  });
});
