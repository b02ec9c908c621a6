// TypeScript shapes of packages/contracts/proto/mediaengine.proto as @grpc/proto-loader yields
// them (snake_case fields, enums as strings, 64-bit as numbers).
// The .proto is exported as `@grimnir/contracts/proto/mediaengine.proto`; loaders use
// { keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true }.

export const AUDIO_FORMATS = ['MP3', 'AAC', 'OPUS', 'VORBIS'] as const;
export type AudioFormat = (typeof AUDIO_FORMATS)[number];
export const FADE_CURVES = ['LINEAR', 'EQUAL_POWER', 'LOGARITHMIC', 'S_CURVE'] as const;
export type FadeCurveName = (typeof FADE_CURVES)[number];
/** StationStatus.state: which layer a station plays, or none. */
export const ENGINE_STATION_STATES = ['stopped', 'playing', 'emergency', 'live'] as const;
export type EngineStationState = (typeof ENGINE_STATION_STATES)[number];
/** An Icecast relay's connection (OutputState events; OutputStatus, where a plain mount is 'encoding'). */
export const RELAY_STATES = ['connecting', 'connected', 'disconnected', 'error'] as const;
export type RelayState = (typeof RELAY_STATES)[number];

export interface Ack {
  ok: boolean;
  message: string;
}
export interface StationRef {
  station_id: string;
}
export interface TitleRequest {
  station_id: string;
  title: string;
}
export interface EngineIcecastTarget {
  host: string;
  port: number;
  mount: string;
  user: string;
  password: string;
  name: string;
}
export interface EngineOutput {
  mount: string;
  format: AudioFormat;
  bitrate_kbps: number;
  sample_rate: number;
  channels: number;
  icecast?: EngineIcecastTarget | null;
  record_path: string;
}
export interface EngineItem {
  id: string;
  path: string;
  title: string;
  cue_in_ms: number;
  cue_out_ms: number;
  fade_in_ms: number;
  fade_out_ms: number;
  gain_db?: number | null;
  loudness_lufs?: number | null;
  /** Non-empty: a relay of these URLs (failover order); `path` is unused, cue_out_ms is its length. */
  urls?: string[];
}
export interface ConfigureStationRequest {
  station_id: string;
  outputs: EngineOutput[];
  loudness_target_lufs: number;
  crossfade_ms: number;
  crossfade_curve: FadeCurveName;
  fallback: EngineItem[];
  silence_threshold_db: number;
  silence_duration_ms: number;
  near_end_ms: number;
}
export interface LoadRequest {
  station_id: string;
  item: EngineItem;
  replace_queue: boolean;
  /** Held for the next timed Transition instead of queued (proto default false). */
  hold?: boolean;
}
export interface TransitionRequest {
  station_id: string;
  duration_ms: number;
  curve: FadeCurveName;
  /** Unix ms the incoming item's first sample is heard; 0 = as soon as possible. */
  at_unix_ms: number;
}
export interface EmergencyRequest {
  station_id: string;
  item: EngineItem;
  loop: boolean;
}
export interface LiveChunk {
  station_id: string;
  content_type: string;
  data: Uint8Array;
}
export interface DeckStatus {
  item_id: string;
  title: string;
  position_ms: number;
  duration_ms: number;
  gain_db: number;
  decoder_pid: number;
}
export interface OutputStatus {
  mount: string;
  state: RelayState | 'encoding';
  bytes_sent: number;
  subscribers: number;
}
export interface StationStatus {
  station_id: string;
  state: EngineStationState;
  current?: DeckStatus | null;
  queue: DeckStatus[];
  outputs: OutputStatus[];
  level_rms_db: number;
  level_peak_db: number;
  underruns: number;
  decoder_restarts: number;
  frames: number;
}
export interface TrackEvent {
  item_id: string;
  title: string;
  source: string;
  position_ms: number;
  /** Unix ms this event's sample is heard (for track_started: the first sample). */
  on_air_ms: number;
}
export type EngineEventBody =
  | { event: 'track_started'; track_started: TrackEvent }
  | { event: 'track_ended'; track_ended: TrackEvent }
  | { event: 'track_near_end'; track_near_end: TrackEvent }
  | { event: 'levels'; levels: { rms_db: number; peak_db: number } }
  | { event: 'silence_detected'; silence_detected: { duration_ms: number } }
  | { event: 'underrun'; underrun: { source: string; total: number } }
  | { event: 'output_state'; output_state: { mount: string; state: RelayState; detail: string } }
  | { event: 'decoder_failed'; decoder_failed: DecoderFailure };
/** A file the engine gave up decoding (see DecoderFailure in mediaengine.proto). */
export interface DecoderFailure {
  item_id: string;
  path: string;
  reason: string;
  detail: string;
  restarts: number;
  position_ms: number;
}
export type EngineEvent = { station_id: string; at_ms: number } & EngineEventBody;
export interface OutputRef {
  station_id: string;
  mount: string;
}
export interface OutputChunk {
  data: Uint8Array;
}
export interface AnalyzeRequest {
  path: string;
  silence_threshold_db: number;
}
export interface AnalyzeResponse {
  duration_ms: number;
  integrated_lufs: number;
  loudness_range_lu: number;
  true_peak_dbtp: number;
  replaygain_track_gain_db: number;
  replaygain_track_peak: number;
  cue_in_ms: number;
  cue_out_ms: number;
  intro_end_ms: number;
  outro_start_ms: number;
}
export interface WaveformRequest {
  path: string;
  points: number;
}
export interface WaveformResponse {
  peaks: number[];
  duration_ms: number;
}
