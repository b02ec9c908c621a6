import { describe, expect, it } from 'vitest';
import { AzuraNowPlaying, type NowPlaying } from '@grimnir/contracts';
import { azuraNowPlaying, integerId, type NowPlayingFacts } from './azuracast-nowplaying.js';

const T0 = Date.parse('2026-12-06T12:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const song = (id: string, title: string) => ({
  media_id: id,
  title,
  artist: 'Artist',
  album: null,
  genre: null,
  isrc: null,
  duration_ms: 200_000,
  has_artwork: id === 'm-art',
});

function facts(np: Partial<NowPlaying>, over: Partial<NowPlayingFacts> = {}): NowPlayingFacts {
  return {
    station: {
      id: '0000002a-0000-4000-8000-000000000000',
      slug: 'demo',
      name: 'Demo FM',
      description: '',
      timezone: 'Europe/Oslo',
    },
    mounts: [
      {
        id: '00000001-0000-4000-8000-000000000000',
        name: 'demo',
        format: 'mp3',
        bitrate_kbps: 128,
        listeners: 3,
      },
      {
        id: '00000002-0000-4000-8000-000000000000',
        name: 'demo-aac',
        format: 'aac',
        bitrate_kbps: 64,
        listeners: 2,
      },
    ],
    uniqueListeners: 4,
    np: {
      station_id: 's',
      state: 'playing',
      on_air: true,
      off_air_reason: null,
      tier: 3,
      tier_name: 'automation',
      current: {
        item_id: 'i',
        media_id: 'm-art',
        title: 'Artist - Now',
        started_at: iso(T0),
        ends_at: iso(T0 + 200_000),
      },
      up_next: [
        {
          media_id: 'm-next',
          title: 'Artist - Next',
          starts_at: iso(T0 + 200_000),
          source: 'schedule',
        },
      ],
      ...np,
    },
    songs: new Map([
      ['m-art', song('m-art', 'Now')],
      ['m-next', song('m-next', 'Next')],
    ]),
    plays: [
      {
        started_at: iso(T0),
        ended_at: null,
        tier: 3,
        source: 'automation',
        song: song('m-art', 'Now'),
      },
      {
        started_at: iso(T0 - 180_000),
        ended_at: iso(T0),
        tier: 3,
        source: 'automation',
        song: song('m-old', 'Before'),
      },
    ],
    live: undefined,
    base: 'https://radio.example',
    nowMs: T0 + 50_000,
    ...over,
  };
}

describe('azuraNowPlaying', () => {
  it('describes what is on air, what follows and what played, in AzuraCast’s types', () => {
    const doc = AzuraNowPlaying.parse(azuraNowPlaying(facts({})));
    expect(doc.station).toMatchObject({
      id: 42,
      shortcode: 'demo',
      listen_url: 'https://radio.example/stream/demo',
      playlist_pls_url: 'https://radio.example/stream/demo.pls',
      public_player_url: 'https://radio.example/public/demo',
    });
    expect(doc.station.mounts.map((m) => [m.name, m.is_default, m.listeners.total])).toEqual([
      ['demo', true, 3],
      ['demo-aac', false, 2],
    ]);
    expect(doc.listeners).toEqual({ total: 5, unique: 4, current: 5 });
    expect(doc.now_playing).toMatchObject({
      played_at: T0 / 1000,
      duration: 200,
      elapsed: 50,
      remaining: 150,
      sh_id: T0,
      song: {
        text: 'Artist - Now',
        title: 'Now',
        art: 'https://radio.example/api/station/demo/art/m-art',
      },
    });
    expect(doc.playing_next).toMatchObject({ played_at: (T0 + 200_000) / 1000, duration: 200 });
    expect(doc.playing_next?.song.art).toBe('https://radio.example/api/station/demo/art/default');
    // The play on air is not repeated in the history.
    expect(doc.song_history.map((h) => h.song.title)).toEqual(['Before']);
    expect(doc.song_history[0]).toMatchObject({ duration: 180, played_at: (T0 - 180_000) / 1000 });
  });

  it('off air: no song named, is_online false, an offline placeholder widgets can read', () => {
    const doc = AzuraNowPlaying.parse(
      azuraNowPlaying(
        facts({ on_air: false, off_air_reason: 'engine_unreachable', current: null }),
      ),
    );
    expect(doc.is_online).toBe(false);
    expect(doc.now_playing?.song).toMatchObject({ title: 'Station Offline', artist: 'Demo FM' });
    expect(doc.playing_next).toBeNull();
    expect(doc.song_history.map((h) => h.song.title)).toEqual(['Now', 'Before']);
  });

  it('names the DJ and the start of the broadcast while a live tier is on air', () => {
    const live = { dj_name: 'DJ Tone', started_at: iso(T0 - 600_000) };
    const onLive = azuraNowPlaying(facts({ tier: 1, tier_name: 'live_override' }, { live }));
    expect(onLive.live).toEqual({
      is_live: true,
      streamer_name: 'DJ Tone',
      broadcast_start: (T0 - 600_000) / 1000,
      art: null,
    });
    expect(onLive.now_playing?.streamer).toBe('DJ Tone');
    // A session still open while automation is back on air is not "live".
    expect(azuraNowPlaying(facts({}, { live })).live.is_live).toBe(false);
  });

  it.each([
    ['before the start', T0 - 5_000, 0, 200],
    ['past the end', T0 + 400_000, 200, 0],
  ])('clamps elapsed %s', (_label, nowMs, elapsed, remaining) => {
    expect(azuraNowPlaying(facts({}, { nowMs })).now_playing).toMatchObject({ elapsed, remaining });
  });

  it('gives every UUID the same 31-bit integer id', () => {
    const id = '9f1c2d3e-0000-4000-8000-000000000000';
    expect(integerId(id)).toBe(integerId(id));
    expect(integerId(id)).toBe(0x1f1c2d3e);
    expect(integerId('ffffffff-0000-4000-8000-000000000000')).toBeLessThan(2 ** 31);
  });
});
