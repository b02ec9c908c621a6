import type { ColumnType } from 'kysely';

/**
 * Database row types. Booleans come back as 0/1 from SQLite and true/false from PostgreSQL;
 * timestamps as ISO strings (PostgreSQL's parser is set to strings in database.ts) or SQLite's
 * CURRENT_TIMESTAMP text. Repositories map rows through `row-mappers.ts` so services never see
 * the difference.
 */
export type Bool = ColumnType<boolean | number, boolean | undefined, boolean>;
export type Timestamp = ColumnType<string, string | undefined, string>;
export type NullableTimestamp = ColumnType<string | null, string | null | undefined, string | null>;

export interface UsersTable {
  id: string;
  username: string;
  email: string;
  password_hash: string;
  role: string;
  active: Bool;
  created_at: Timestamp;
  updated_at: Timestamp;
  last_login_at: NullableTimestamp;
  token_version: ColumnType<number, number | undefined, number>;
}

export interface ApiKeysTable {
  id: string;
  user_id: string;
  name: string;
  prefix: string;
  key_hash: string;
  expires_at: NullableTimestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface RefreshTokensTable {
  id: string;
  user_id: string;
  token_hash: string;
  family_id: string;
  expires_at: string;
  revoked_at: NullableTimestamp;
  replaced_by: string | null;
  created_at: Timestamp;
}

export interface StationsTable {
  id: string;
  name: string;
  slug: string;
  description: string;
  timezone: string;
  active: Bool;
  public: Bool;
  loudness_target_lufs: number;
  crossfade_ms: number;
  crossfade_curve: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StationMembersTable {
  station_id: string;
  user_id: string;
  role: string;
  created_at: Timestamp;
}

export interface MountsTable {
  id: string;
  station_id: string;
  name: string;
  format: string;
  bitrate_kbps: number;
  sample_rate: number;
  channels: number;
  icecast_host: string | null;
  icecast_port: number | null;
  icecast_mount: string | null;
  icecast_user: string | null;
  icecast_password: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MediaTable {
  id: string;
  station_id: string;
  title: string;
  artist: string | null;
  album: string | null;
  genre: string | null;
  year: number | null;
  track_number: number | null;
  isrc: string | null;
  mood: string | null;
  language: string | null;
  label: string | null;
  bpm: number | null;
  explicit: Bool;
  tags: string;
  duration_ms: number | null;
  original_filename: string;
  storage_path: string;
  mime_type: string;
  size_bytes: number;
  content_hash: string;
  has_artwork: Bool;
  artwork_path: string | null;
  active: Bool;
  analysis_state: string;
  analysis_error: string | null;
  /** Decoder failures during playout since the last analysis; 'failed' fences the file. */
  playout_failures: ColumnType<number, number | undefined, number>;
  playout_state: ColumnType<string, string | undefined, string>;
  playout_error: string | null;
  loudness_lufs: number | null;
  loudness_range_lu: number | null;
  true_peak_dbtp: number | null;
  replaygain_db: number | null;
  cue_in_ms: number | null;
  cue_out_ms: number | null;
  intro_ms: number | null;
  outro_ms: number | null;
  fade_in_ms: number | null;
  fade_out_ms: number | null;
  analyzed_at: NullableTimestamp;
  play_count: number;
  last_played_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One row per tag of a media item, kept in step with `media.tags` by triggers (0400). */
export interface MediaTagsTable {
  media_id: string;
  station_id: string;
  tag: string;
}

export interface AuditLogTable {
  id: string;
  user_id: string | null;
  station_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  details: string;
  request_id: string | null;
  ip: string | null;
  created_at: Timestamp;
}

export interface ExecutorStatesTable {
  station_id: string;
  state: string;
  enabled: Bool;
  tier: number | null;
  source_id: string | null;
  item_id: string | null;
  media_id: string | null;
  title: string | null;
  started_at: NullableTimestamp;
  ends_at: NullableTimestamp;
  updated_at: Timestamp;
  /** Set while the station is off air: engine_unreachable | silent. */
  off_air_reason: string | null;
  off_air_since: string | null;
}

export interface PrioritySourcesTable {
  id: string;
  station_id: string;
  tier: number;
  kind: string;
  media_id: string | null;
  label: string | null;
  created_by: string | null;
  activated_at: Timestamp;
  released_at: NullableTimestamp;
}

export interface PlayQueueTable {
  id: string;
  station_id: string;
  media_id: string;
  created_by: string | null;
  created_at: Timestamp;
  /** Play order within the station's queue (0450); ties fall back to created_at, id. */
  position: ColumnType<number, number | undefined, number>;
}

export interface PlayHistoryTable {
  id: string;
  station_id: string;
  media_id: string | null;
  item_id: string;
  title: string;
  started_at: string;
  ended_at: NullableTimestamp;
  tier: number;
  source: string;
}

export interface LiveTokensTable {
  id: string;
  station_id: string;
  mount_id: string;
  token_hash: string;
  label: string | null;
  created_by: string | null;
  created_at: Timestamp;
  expires_at: string;
  used_at: NullableTimestamp;
}

export interface LiveSessionsTable {
  id: string;
  station_id: string;
  mount_id: string | null;
  mount: string;
  user_id: string | null;
  token_id: string | null;
  priority_source_id: string | null;
  dj_name: string;
  title: string | null;
  tier: number;
  content_type: string;
  remote_addr: string | null;
  started_at: string;
  heartbeat_at: string;
  ended_at: NullableTimestamp;
  end_reason: string | null;
  /** PostgreSQL returns bigint as a string. */
  bytes_received: ColumnType<number | string, number | undefined, number>;
}

export interface Database {
  users: UsersTable;
  api_keys: ApiKeysTable;
  refresh_tokens: RefreshTokensTable;
  stations: StationsTable;
  station_members: StationMembersTable;
  mounts: MountsTable;
  media: MediaTable;
  media_tags: MediaTagsTable;
  audit_log: AuditLogTable;
  executor_states: ExecutorStatesTable;
  priority_sources: PrioritySourcesTable;
  play_queue: PlayQueueTable;
  play_history: PlayHistoryTable;
  live_tokens: LiveTokensTable;
  live_sessions: LiveSessionsTable;
  listener_sessions: ListenerSessionsTable;
  listener_trackers: ListenerTrackersTable;
  import_jobs: ImportJobsTable;
}

/** PostgreSQL returns bigint as a string; repositories map through Number(). */
type BigMs = ColumnType<number | string, number, number>;

export interface ListenerSessionsTable {
  id: string;
  station_id: string;
  mount_id: string | null;
  mount: string;
  kind: string;
  tracker_id: string;
  client_hash: string | null;
  client_net: string | null;
  user_agent: string | null;
  country: string | null;
  started_ms: BigMs;
  ended_ms: ColumnType<number | string | null, number | null | undefined, number | null>;
}

export interface ListenerTrackersTable {
  id: string;
  heartbeat_ms: BigMs;
}

/** A column with a default: optional on insert. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface ImportJobsTable {
  id: string;
  station_id: string;
  folder: string;
  state: string;
  reason: string | null;
  total: Defaulted<number>;
  imported: Defaulted<number>;
  duplicates: Defaulted<number>;
  failed: Defaulted<number>;
  /** JSON: the first failures, `[{ path, reason }]`. */
  failures: Defaulted<string>;
  started_ms: BigMs;
  finished_ms: ColumnType<number | string | null, number | null | undefined, number | null>;
  heartbeat_ms: BigMs;
  cancel_requested_ms: ColumnType<number | string | null, number | null | undefined, number | null>;
}
