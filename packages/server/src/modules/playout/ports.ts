import type {
  CrossfadeCurve,
  EngineStationState,
  ExecutorState,
  MountFormat,
} from '@grimnir/contracts';

/**
 * The director's narrow view of the world. Each port is implemented elsewhere (engine client
 * adapter, schedule module, event bus) and by small fakes in tests. The director's own store
 * and view types live here too, so director/, priority/ and engine/ all depend on this file
 * rather than on each other.
 */
import type { PlayoutRepository } from './playout.repository.js';
import type { Holder } from './priority/priority-resolver.js';

export type FadeCurve = CrossfadeCurve;

/** What the engine needs to play one item. Times are milliseconds into the file. */
export interface EngineItemSpec {
  id: string;
  path: string;
  title: string;
  cueInMs: number;
  /** 0 = play to the end of the file. */
  cueOutMs: number;
  fadeInMs: number;
  fadeOutMs: number;
  loudnessLufs: number | null;
  /** A relay: the engine plays these URLs in failover order for cueOutMs (path unused). */
  urls?: string[];
}

export interface EngineOutputSpec {
  mount: string;
  format: MountFormat;
  bitrateKbps: number;
  sampleRate: number;
  channels: number;
  /** Relay to an Icecast server as a source client, when the mount has one. */
  icecast: { host: string; port: number; mount: string; user: string; password: string } | null;
}

export interface EngineStationSettings {
  outputs: EngineOutputSpec[];
  loudnessTargetLufs: number;
  crossfadeMs: number;
  crossfadeCurve: FadeCurve;
  fallback: EngineItemSpec[];
  /** Output quieter than this (dBFS) counts as silence. */
  silenceThresholdDb: number;
  /** The engine reports silence once it has lasted this long. */
  silenceDurationMs: number;
}

/** The engine's own view, used to re-synchronise after either process restarts. */
export interface EngineStatusView {
  /** `absent`: the engine does not know the station (it restarted, or never configured). */
  state: EngineStationState | 'absent';
  currentItemId: string | null;
  /** The engine's title of the current item (a relay's now-playing is its webstream's name). */
  currentTitle?: string;
  positionMs: number;
  queuedItemIds: string[];
}

export type EngineEventView =
  /** `title`: the engine's item title (what a relay's now-playing shows). */
  | { type: 'track_started'; itemId: string; source: string; atMs: number; title?: string }
  | { type: 'track_ended'; itemId: string; source: string; atMs: number }
  | { type: 'silence'; durationMs: number; atMs: number }
  | { type: 'levels'; rmsDb: number; atMs: number }
  /** The engine gave up decoding an item's file (it ended early; automation moved on). */
  | {
      type: 'decoder_failed';
      itemId: string;
      path: string;
      reason: string;
      detail: string;
      atMs: number;
    }
  /** The event stream broke: the engine may have restarted, so its status is read again. */
  | { type: 'stream_lost' };

export interface EngineControl {
  configure(stationId: string, settings: EngineStationSettings): Promise<void>;
  /**
   * `hold`: the item is kept for the next timed `transition` instead of queued, so the engine's
   * own flow (an item ending, an idle station) cannot start it before its time.
   */
  load(
    stationId: string,
    item: EngineItemSpec,
    replaceQueue: boolean,
    hold?: boolean,
  ): Promise<void>;
  play(stationId: string): Promise<void>;
  stop(stationId: string): Promise<void>;
  /**
   * `atMs` (unix ms, optional): the incoming item's first sample is heard exactly then; the
   * engine places it on the sample. Omitted or 0: now (emergency release, skip, soft).
   */
  transition(stationId: string, durationMs: number, curve: FadeCurve, atMs?: number): Promise<void>;
  skip(stationId: string): Promise<void>;
  insertEmergency(stationId: string, item: EngineItemSpec, loop: boolean): Promise<void>;
  releaseEmergency(stationId: string): Promise<void>;
  status(stationId: string): Promise<EngineStatusView>;
  subscribe(stationId: string, onEvent: (ev: EngineEventView) => void): { close(): void };
}

/** One materialised schedule item (the schedule module's `schedule_items`). */
export interface UpcomingItem {
  id: string;
  stationId: string;
  startMs: number;
  endMs: number;
  kind: 'media' | 'webstream' | 'live';
  mediaId: string | null;
  cueInMs: number | null;
  cueOutMs: number | null;
  fadeInMs: number | null;
  fadeOutMs: number | null;
  hardStart: boolean;
  label: string | null;
  /** A 'webstream' item's relay (absent: unknown or inactive webstream, or not a relay). */
  webstream?: { id: string; name: string; urls: string[] } | null;
}

export interface UpcomingItems {
  /** Items overlapping [fromMs, toMs), ordered by start. */
  between(stationId: string, fromMs: number, toMs: number): Promise<UpcomingItem[]>;
}

type Scoped = { station_id: string; at: string };
type TierN = 0 | 1 | 2 | 3 | 4;

/** Events the director publishes; shapes follow the `/api/v1/events` contract. */
export type PlayoutEvent =
  | {
      type: 'now_playing';
      payload: Scoped & {
        entry_id: string | null;
        media_id: string | null;
        title: string;
        artist: string;
        album: string;
        started_at: string;
        ends_at: string | null;
        tier: TierN;
        source_type: string;
        up_next: {
          media_id: string | null;
          title: string;
          artist: string;
          album: string;
          starts_at: string | null;
        }[];
      };
    }
  | {
      type: 'executor_state';
      payload: Scoped & {
        state: ExecutorState;
        previous: ExecutorState | null;
        tier: TierN | null;
      };
    }
  | {
      type: 'priority';
      payload: Scoped & {
        action: 'activated' | 'released';
        priority_id: string;
        tier: TierN;
        source_type: string;
        source_id: string | null;
      };
    }
  | {
      type: 'dead_air';
      payload: Scoped & {
        mount: string | null;
        silent_seconds: number;
        action: 'skip' | 'fallback' | 'none';
      };
    }
  | {
      type: 'queue';
      payload: Scoped & { action: 'added' | 'removed' | 'reordered'; ids: string[] };
    };

export interface EventPublisher {
  publish(ev: PlayoutEvent): void;
}

/**
 * Engine item ids carry where the item came from (see engine/engine-items.ts): schedule `s`,
 * play-next queue `q`, emergency `e`, station fallback `f`.
 */
export type ItemKind = 's' | 'q' | 'e' | 'f';
export interface ItemRef {
  kind: ItemKind;
  ref: string;
  mediaId: string;
}

/** What the director believes the engine is doing; rebuilt from engine status on sync. */
export interface DirectorView {
  onAir: Holder | undefined;
  current: { id: string; ref: ItemRef; startedAtMs: number } | undefined;
  /** Engine item ids queued after the current one, in order. */
  loaded: string[];
  state: ExecutorState;
}

/** The rows the director reads and writes (the playout repository, or memory in tests). */
export type DirectorStore = Pick<
  PlayoutRepository,
  | 'executor'
  | 'saveExecutor'
  | 'clearItem'
  | 'activeSources'
  | 'releaseSource'
  | 'queue'
  | 'dequeue'
  | 'startPlay'
  | 'endPlay'
  | 'endOpenPlays'
  | 'recordDecoderFailure'
  | 'media'
  | 'fallbackMedia'
>;

/** An in-memory schedule: tests, and a deployment without the schedule module. */
export function inMemoryUpcomingItems(items: UpcomingItem[] = []): UpcomingItems & {
  set(next: UpcomingItem[]): void;
} {
  let all = items;
  return {
    set(next) {
      all = next;
    },
    between: (stationId, fromMs, toMs) =>
      Promise.resolve(
        all
          .filter((i) => i.stationId === stationId && i.endMs > fromMs && i.startMs < toMs)
          .sort((a, b) => a.startMs - b.startMs),
      ),
  };
}
