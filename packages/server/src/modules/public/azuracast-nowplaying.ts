import { createHash } from 'node:crypto';
import type {
  AzuraListeners,
  AzuraNowPlaying,
  AzuraSong,
  AzuraStationMount,
  NowPlaying,
} from '@grimnir/contracts';
import type { PublicMount, PublicPlay, PublicSong, PublicStation } from './public.repository.js';

/** Everything one station's document is made of, read at one moment. */
export interface NowPlayingFacts {
  station: PublicStation;
  /** The default mount first. */
  mounts: (PublicMount & { listeners: number })[];
  uniqueListeners: number;
  np: NowPlaying;
  /** Tags of the current item and of the next one, by media id. */
  songs: Map<string, PublicSong>;
  /** Newest first; may include the play on air now. */
  plays: PublicPlay[];
  live: { dj_name: string; started_at: string } | undefined;
  /** Scheme, host and port listeners reach us on (from the request, proxies honoured). */
  base: string;
  nowMs: number;
}

export const HISTORY_LENGTH = 5;
const LIVE_TIERS = new Set(['live_override', 'live_scheduled']);

/**
 * AzuraCast's ids are integers; ours are UUIDs. A stable 31-bit number from the UUID keeps
 * widgets that store or compare ids working (two stations colliding is a 1-in-2^31 chance).
 */
export function integerId(uuid: string): number {
  return parseInt(uuid.replace(/-/g, '').slice(0, 8), 16) & 0x7fffffff;
}

const seconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

function songText(artist: string | null, title: string): string {
  return artist ? `${artist} - ${title}` : title;
}

function song(f: NowPlayingFacts, s: PublicSong): AzuraSong {
  const text = songText(s.artist, s.title);
  const art =
    s.media_id && s.has_artwork
      ? `${f.base}/api/station/${f.station.slug}/art/${s.media_id}`
      : `${f.base}/api/station/${f.station.slug}/art/default`;
  return {
    // AzuraCast identifies a song by its text, so the same recording matches across stations.
    id: createHash('md5').update(text.toLowerCase()).digest('hex'),
    art,
    custom_fields: [],
    text,
    artist: s.artist ?? '',
    title: s.title,
    album: s.album ?? '',
    genre: s.genre ?? '',
    isrc: s.isrc ?? '',
    lyrics: '',
  };
}

const untagged = (mediaId: string | null, title: string): PublicSong => ({
  media_id: mediaId,
  title,
  artist: null,
  album: null,
  genre: null,
  isrc: null,
  duration_ms: null,
  has_artwork: false,
});

const songOf = (f: NowPlayingFacts, mediaId: string | null, title: string): PublicSong =>
  (mediaId && f.songs.get(mediaId)) || untagged(mediaId, title);

function listeners(total: number, unique: number): AzuraListeners {
  return { total, unique, current: total };
}

function mount(f: NowPlayingFacts, m: NowPlayingFacts['mounts'][number], i: number) {
  return {
    id: integerId(m.id),
    name: m.name,
    url: `${f.base}/stream/${encodeURIComponent(m.name)}`,
    bitrate: m.bitrate_kbps,
    format: m.format,
    listeners: listeners(m.listeners, m.listeners),
    path: `/stream/${encodeURIComponent(m.name)}`,
    is_default: i === 0,
  } satisfies AzuraStationMount;
}

function station(f: NowPlayingFacts): AzuraNowPlaying['station'] {
  const mounts = f.mounts.map((m, i) => mount(f, m, i));
  const first = mounts[0];
  const player = `${f.base}/public/${f.station.slug}`;
  return {
    id: integerId(f.station.id),
    name: f.station.name,
    shortcode: f.station.slug,
    description: f.station.description,
    // Our listener mounts speak Icecast's protocol and `/status-json.xsl`.
    frontend: 'icecast',
    backend: 'grimnir',
    timezone: f.station.timezone,
    listen_url: first?.url ?? null,
    url: null,
    public_player_url: player,
    playlist_pls_url: first ? `${first.url}.pls` : `${player}/playlist.pls`,
    playlist_m3u_url: first ? `${first.url}.m3u` : `${player}/playlist.m3u`,
    is_public: true,
    mounts,
    remotes: [],
    hls_enabled: false,
    hls_is_default: false,
    hls_url: null,
    hls_listeners: 0,
  };
}

function durationOf(startIso: string | null, endIso: string | null, s: PublicSong): number {
  if (startIso && endIso) return Math.max(0, seconds(endIso) - seconds(startIso));
  return s.duration_ms === null ? 0 : Math.round(s.duration_ms / 1000);
}

function current(f: NowPlayingFacts, streamer: string): AzuraNowPlaying['now_playing'] {
  const c = f.np.current;
  const nowS = Math.floor(f.nowMs / 1000);
  if (!online(f.np) || !c?.started_at) {
    // Widgets read `now_playing.song` unconditionally; AzuraCast shows an offline song too.
    const offline = untagged(null, 'Station Offline');
    return {
      ...history(f, {
        at: nowS,
        duration: 0,
        streamer: '',
        s: { ...offline, artist: f.station.name },
      }),
      sh_id: 0,
      elapsed: 0,
      remaining: 0,
    };
  }
  const s = songOf(f, c.media_id, c.title);
  const duration = durationOf(c.started_at, c.ends_at, s);
  const at = seconds(c.started_at);
  const elapsed = Math.min(Math.max(0, nowS - at), duration || Infinity);
  return {
    ...history(f, { at, duration, streamer, s, shId: Date.parse(c.started_at) }),
    elapsed,
    remaining: duration === 0 ? 0 : duration - elapsed,
  };
}

function history(
  f: NowPlayingFacts,
  p: { at: number; duration: number; streamer: string; s: PublicSong; shId?: number },
) {
  return {
    // Plays have UUIDs; their start in ms is unique per station and orders them as ids do.
    sh_id: p.shId ?? p.at * 1000,
    played_at: p.at,
    duration: p.duration,
    playlist: '',
    playlist_chain: null,
    playlist_source: null,
    streamer: p.streamer,
    // Grimnir has no listener requests: the play-next queue is the station's own.
    is_request: false,
    song: song(f, p.s),
  };
}

function next(f: NowPlayingFacts): AzuraNowPlaying['playing_next'] {
  const n = f.np.up_next[0];
  if (!online(f.np) || !n) return null;
  const s = songOf(f, n.media_id, n.title);
  const at = n.starts_at ? seconds(n.starts_at) : null;
  return {
    cued_at: at ?? Math.floor(f.nowMs / 1000),
    played_at: at,
    duration: s.duration_ms === null ? 0 : s.duration_ms / 1000,
    playlist: '',
    playlist_chain: null,
    playlist_source: null,
    is_request: false,
    song: song(f, s),
  };
}

/**
 * On air with an item the engine reported: the moments between a station starting and its
 * first item are not "online" yet, or widgets would show the offline song as online.
 */
const online = (np: NowPlaying): boolean => np.on_air && !!np.current?.started_at;

/** One station's AzuraCast-shaped now-playing document. Pure: all facts are passed in. */
export function azuraNowPlaying(f: NowPlayingFacts): AzuraNowPlaying {
  const isLive = online(f.np) && f.np.tier_name !== null && LIVE_TIERS.has(f.np.tier_name);
  const streamer = isLive && f.live ? f.live.dj_name : '';
  const onAirStart = (online(f.np) && f.np.current?.started_at) || undefined;
  const total = f.mounts.reduce((n, m) => n + m.listeners, 0);
  return {
    station: station(f),
    listeners: listeners(total, Math.min(f.uniqueListeners, total)),
    live: {
      is_live: isLive,
      streamer_name: streamer,
      broadcast_start: isLive && f.live ? seconds(f.live.started_at) : null,
      art: null,
    },
    now_playing: current(f, streamer),
    playing_next: next(f),
    song_history: f.plays
      .filter(
        (p) => onAirStart === undefined || Date.parse(p.started_at) !== Date.parse(onAirStart),
      )
      .slice(0, HISTORY_LENGTH)
      .map((p) =>
        history(f, {
          at: seconds(p.started_at),
          duration: durationOf(p.started_at, p.ended_at, p.song),
          streamer: '',
          s: p.song,
          shId: Date.parse(p.started_at),
        }),
      ),
    is_online: online(f.np),
    cache: 'station',
  };
}
