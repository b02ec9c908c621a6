import { isUnknownStation } from '@grimnir/engine-client';
import type {
  Ack,
  ConfigureStationRequest,
  DeckStatus,
  EmergencyRequest,
  EngineEvent,
  EngineEventBody,
  EngineItem,
  FadeCurveName,
  StationStatus,
  TrackEvent,
} from '@grimnir/contracts';
import type {
  EngineControl,
  EngineEventView,
  EngineItemSpec,
  EngineStationSettings,
  EngineStatusView,
  FadeCurve,
} from '../ports.js';

// The media engine's gRPC shapes come from the contract (contracts/src/mediaengine.ts), so the
// director depends on the contract, not on the client's package. Status and events are read
// through the fields the director uses, which keeps test doubles small.
type WireStatus = Pick<StationStatus, 'state'> & {
  current?:
    (Pick<DeckStatus, 'item_id' | 'position_ms'> & Partial<Pick<DeckStatus, 'title'>>) | null;
  queue: Pick<DeckStatus, 'item_id'>[];
};
/** `on_air_ms`: 0 or absent from an engine that does not say when the sample is heard. */
type WireTrack = Pick<TrackEvent, 'item_id' | 'source'> &
  Partial<Pick<TrackEvent, 'on_air_ms' | 'title'>>;
type WireEvent = Pick<EngineEvent, 'station_id' | 'at_ms'> &
  (
    | { event: 'track_started'; track_started: WireTrack }
    | { event: 'track_ended'; track_ended: WireTrack }
    | Extract<EngineEventBody, { event: 'silence_detected' }>
    | { event: 'levels'; levels: Pick<LevelsBody, 'rms_db'> }
    | Extract<EngineEventBody, { event: 'decoder_failed' }>
    | { event: Exclude<EngineEventBody['event'], HandledEvent> }
  );
type HandledEvent =
  'track_started' | 'track_ended' | 'silence_detected' | 'levels' | 'decoder_failed';
type LevelsBody = Extract<EngineEventBody, { event: 'levels' }>['levels'];

/** The subset of the engine client (@grimnir/engine-client) the director uses. */
export interface EngineClientLike {
  configureStation(req: ConfigureStationRequest): Promise<Ack>;
  load(stationId: string, item: EngineItem, replaceQueue?: boolean, hold?: boolean): Promise<Ack>;
  play(stationId: string): Promise<Ack>;
  stop(stationId: string): Promise<Ack>;
  skip(stationId: string): Promise<Ack>;
  transition(
    stationId: string,
    durationMs: number,
    curve: FadeCurveName,
    atUnixMs?: number,
  ): Promise<Ack>;
  insertEmergency(req: EmergencyRequest): Promise<Ack>;
  releaseEmergency(stationId: string): Promise<Ack>;
  status(stationId: string, timeoutMs?: number): Promise<WireStatus>;
  subscribeEvents(
    stationId: string,
    onEvent: (ev: WireEvent) => void,
    onError?: () => void,
  ): { close(): void };
}

// A status read is the director's liveness check: a healthy engine answers in milliseconds, so
// an engine that does not answer in this long is taken as unreachable (station off air).
const STATUS_TIMEOUT_MS = 2_000;
const NEAR_END_MS = 10_000;

const curveName = (c: FadeCurve): FadeCurveName => c.toUpperCase() as Uppercase<FadeCurve>;

function wireItem(i: EngineItemSpec): EngineItem {
  return {
    id: i.id,
    path: i.path,
    title: i.title,
    cue_in_ms: i.cueInMs,
    cue_out_ms: i.cueOutMs,
    fade_in_ms: i.fadeInMs,
    fade_out_ms: i.fadeOutMs,
    loudness_lufs: i.loudnessLufs,
    ...(i.urls && { urls: i.urls }),
  };
}

function configureRequest(stationId: string, s: EngineStationSettings): ConfigureStationRequest {
  return {
    station_id: stationId,
    outputs: s.outputs.map((o) => ({
      mount: o.mount,
      format: o.format.toUpperCase() as Uppercase<typeof o.format>,
      bitrate_kbps: o.bitrateKbps,
      sample_rate: o.sampleRate,
      channels: o.channels,
      icecast: o.icecast && { ...o.icecast, name: o.mount },
      record_path: '',
    })),
    loudness_target_lufs: s.loudnessTargetLufs,
    crossfade_ms: s.crossfadeMs,
    crossfade_curve: curveName(s.crossfadeCurve),
    fallback: s.fallback.map(wireItem),
    silence_threshold_db: s.silenceThresholdDb,
    silence_duration_ms: s.silenceDurationMs,
    near_end_ms: NEAR_END_MS,
  };
}

async function acked(p: Promise<Ack>, what: string): Promise<void> {
  const ack = await p;
  if (!ack.ok) throw new Error(`engine refused ${what}: ${ack.message}`);
}

function statusState(state: string): EngineStatusView['state'] {
  return state === 'playing' || state === 'emergency' || state === 'live' ? state : 'stopped';
}

// The engine emits track events ahead of time (it renders ahead of real time): what counts for
// play history is when the sample is heard.
const heardAt = (ev: WireEvent, t: WireTrack): number =>
  t.on_air_ms !== undefined && t.on_air_ms > 0 ? t.on_air_ms : ev.at_ms;

export function eventView(ev: WireEvent): EngineEventView | undefined {
  switch (ev.event) {
    case 'track_started':
      return {
        type: 'track_started',
        atMs: heardAt(ev, ev.track_started),
        itemId: ev.track_started.item_id,
        source: ev.track_started.source,
        ...(ev.track_started.title && { title: ev.track_started.title }),
      };
    case 'track_ended':
      return {
        type: 'track_ended',
        atMs: heardAt(ev, ev.track_ended),
        itemId: ev.track_ended.item_id,
        source: ev.track_ended.source,
      };
    case 'silence_detected':
      return { type: 'silence', atMs: ev.at_ms, durationMs: ev.silence_detected.duration_ms };
    case 'levels':
      return { type: 'levels', atMs: ev.at_ms, rmsDb: ev.levels.rms_db };
    case 'decoder_failed':
      return {
        type: 'decoder_failed',
        atMs: ev.at_ms,
        itemId: ev.decoder_failed.item_id,
        path: ev.decoder_failed.path,
        reason: ev.decoder_failed.reason,
        detail: ev.decoder_failed.detail,
      };
    case 'track_near_end':
    case 'underrun':
    case 'output_state':
      return undefined;
  }
}

/** EngineControl over the media engine's gRPC client. */
export function engineControlFromClient(client: EngineClientLike): EngineControl {
  return {
    configure: (id, s) => acked(client.configureStation(configureRequest(id, s)), 'configure'),
    load: (id, item, replace, hold = false) =>
      acked(client.load(id, wireItem(item), replace, hold), 'load'),
    play: (id) => acked(client.play(id), 'play'),
    stop: (id) => acked(client.stop(id), 'stop'),
    skip: (id) => acked(client.skip(id), 'skip'),
    transition: (id, ms, curve, atMs = 0) =>
      acked(client.transition(id, ms, curveName(curve), atMs), 'transition'),
    insertEmergency: (id, item, loop) =>
      acked(client.insertEmergency({ station_id: id, item: wireItem(item), loop }), 'emergency'),
    releaseEmergency: (id) => acked(client.releaseEmergency(id), 'release'),
    async status(id) {
      try {
        const s = await client.status(id, STATUS_TIMEOUT_MS);
        return {
          state: statusState(s.state),
          currentItemId: s.current?.item_id ?? null,
          ...(s.current?.title && { currentTitle: s.current.title }),
          positionMs: s.current?.position_ms ?? 0,
          queuedItemIds: s.queue.map((q) => q.item_id),
        };
      } catch (err) {
        // The engine restarted and forgot the station: the director reconfigures it.
        if (isUnknownStation(err))
          return { state: 'absent', currentItemId: null, positionMs: 0, queuedItemIds: [] };
        throw err;
      }
    },
    subscribe: (id, onEvent) =>
      client.subscribeEvents(
        id,
        (ev) => {
          const view = eventView(ev);
          if (view) onEvent(view);
        },
        () => onEvent({ type: 'stream_lost' }),
      ),
  };
}
