import { z } from 'zod';

/**
 * AzuraCast's public now-playing document (`GET /api/nowplaying/{station}`), written from
 * AzuraCast's API documentation: the field names, types and nullability existing widgets,
 * players and bots read. Strict objects: a field we add or misspell fails our own tests rather
 * than a third-party widget. Times are UNIX seconds; ids are integers, as theirs are.
 */

const Listeners = z.strictObject({
  /** Connections now, counting a listener on two mounts twice. */
  total: z.number().int().min(0),
  /** Distinct client addresses now. */
  unique: z.number().int().min(0),
  /** Legacy spelling of `total`. */
  current: z.number().int().min(0),
});

const Song = z.strictObject({
  /** 32 hex digits identifying the song by its artist and title. */
  id: z.string().regex(/^[0-9a-f]{32}$/),
  art: z.string(),
  custom_fields: z.array(z.string()),
  /** "Artist - Title", or the title alone. */
  text: z.string(),
  artist: z.string().nullable(),
  title: z.string().nullable(),
  album: z.string().nullable(),
  genre: z.string().nullable(),
  isrc: z.string().nullable(),
  lyrics: z.string().nullable(),
});

const historyFields = {
  sh_id: z.number().int(),
  played_at: z.number().int(),
  duration: z.number().int().min(0),
  playlist: z.string().nullable(),
  playlist_chain: z.array(z.string()).nullable(),
  playlist_source: z.string().nullable(),
  streamer: z.string().nullable(),
  is_request: z.boolean(),
  song: Song,
};
const SongHistory = z.strictObject(historyFields);

const CurrentSong = z.strictObject({
  ...historyFields,
  elapsed: z.number().int().min(0),
  remaining: z.number().int().min(0),
});

const StationQueue = z.strictObject({
  cued_at: z.number().int(),
  played_at: z.number().int().nullable(),
  duration: z.number().min(0),
  playlist: z.string().nullable(),
  playlist_chain: z.array(z.string()).nullable(),
  playlist_source: z.string().nullable(),
  is_request: z.boolean(),
  song: Song,
});

const Live = z.strictObject({
  is_live: z.boolean(),
  streamer_name: z.string(),
  broadcast_start: z.number().int().nullable(),
  art: z.string().nullable(),
});

const StationMount = z.strictObject({
  id: z.number().int(),
  name: z.string(),
  url: z.string(),
  bitrate: z.number().int().nullable(),
  format: z.string().nullable(),
  listeners: Listeners,
  path: z.string(),
  is_default: z.boolean(),
});

const Station = z.strictObject({
  id: z.number().int(),
  name: z.string(),
  shortcode: z.string(),
  description: z.string(),
  frontend: z.string(),
  backend: z.string(),
  timezone: z.string(),
  listen_url: z.string().nullable(),
  url: z.string().nullable(),
  public_player_url: z.string(),
  playlist_pls_url: z.string(),
  playlist_m3u_url: z.string(),
  is_public: z.boolean(),
  mounts: z.array(StationMount),
  remotes: z.array(StationMount.omit({ path: true, is_default: true })),
  hls_enabled: z.boolean(),
  hls_is_default: z.boolean(),
  hls_url: z.string().nullable(),
  hls_listeners: z.number().int(),
});

export const AzuraNowPlaying = z.strictObject({
  station: Station,
  listeners: Listeners,
  live: Live,
  now_playing: CurrentSong.nullable(),
  playing_next: StationQueue.nullable(),
  song_history: z.array(SongHistory),
  is_online: z.boolean(),
  cache: z.enum(['hit', 'database', 'station']).nullable(),
});
export type AzuraNowPlaying = z.infer<typeof AzuraNowPlaying>;
export type AzuraSong = z.infer<typeof Song>;
export type AzuraListeners = z.infer<typeof Listeners>;
export type AzuraStationMount = z.infer<typeof StationMount>;

/**
 * One line of AzuraCast's station schedule (`GET /api/station/{station}/schedule`): `type` is
 * `streamer` for live programmes and `playlist` for the rest; times in UNIX seconds and ISO 8601.
 */
export const AzuraScheduleItem = z.strictObject({
  id: z.number().int(),
  type: z.enum(['playlist', 'streamer']),
  name: z.string(),
  title: z.string(),
  description: z.string(),
  start_timestamp: z.number().int(),
  start: z.string(),
  end_timestamp: z.number().int(),
  end: z.string(),
  is_now: z.boolean(),
});
export type AzuraScheduleItem = z.infer<typeof AzuraScheduleItem>;

/** Icecast's `/status-json.xsl`: one `source` object, or an array when there are several. */
const IcecastSource = z.object({
  audio_info: z.string(),
  bitrate: z.number().int(),
  genre: z.string(),
  listener_peak: z.number().int(),
  listeners: z.number().int(),
  listenurl: z.string(),
  server_description: z.string(),
  server_name: z.string(),
  server_type: z.string(),
  server_url: z.string(),
  stream_start: z.string().nullable(),
  stream_start_iso8601: z.string().nullable(),
  title: z.string(),
});
export const IcecastStatus = z.object({
  icestats: z.object({
    admin: z.string(),
    host: z.string(),
    location: z.string(),
    server_id: z.string(),
    server_start: z.string(),
    server_start_iso8601: z.string(),
    source: z.union([IcecastSource, z.array(IcecastSource)]).optional(),
  }),
});
export type IcecastSource = z.infer<typeof IcecastSource>;
