import type { FastifyBaseLogger as Logger } from 'fastify';
import type { Clock } from '../../../infra/clock.js';
import type { AutomationLoader, DirectorTiming } from './automation-loader.js';
import type { DeadAirWatch } from './dead-air-watch.js';
import type { StationPlayoutConfig } from '../engine/engine-sync.js';
import type { ExecutorEvent } from './executor-state.js';
import type { PlayoutMetrics } from './playout.metrics.js';
import type {
  DirectorStore,
  DirectorView,
  EngineControl,
  EventPublisher,
  UpcomingItems,
} from '../ports.js';
import type { OffAir, RecordedStart } from './engine-truth.js';

export interface StationDirectorDeps {
  stationId: string;
  engine: EngineControl;
  upcoming: UpcomingItems;
  store: DirectorStore;
  config: () => Promise<StationPlayoutConfig | undefined>;
  clock: Clock;
  events: EventPublisher;
  metrics: PlayoutMetrics;
  log: Logger;
  mediaRoot: string;
  deadAirMs: number;
  timing?: Partial<DirectorTiming>;
}

/** What one station's director remembers between rounds (mutated by its parts, in turn). */
export interface DirectorState {
  lastSyncMs: number;
  fadeUntilMs: number | undefined;
  /** A timed transition was sent ahead: the fade starts (for the executor) at `atMs`. */
  fadeAhead: { atMs: number; ms: number } | undefined;
  enabled: boolean;
  settings: StationPlayoutConfig | undefined;
  sentSettings: string | undefined;
  subscription: { close(): void } | undefined;
  /** The last start written to play history: what the engine reports is compared with it. */
  recorded: RecordedStart | undefined;
  engineDownSinceMs: number | undefined;
}

/**
 * The station director as its parts see it (engine link, engine events, dead-air guard): one
 * object, whose every entry point runs through `exclusive`, so the parts never interleave.
 */
export interface DirectorCore {
  readonly id: string;
  readonly d: StationDirectorDeps;
  readonly t: DirectorTiming;
  readonly view: DirectorView;
  readonly loader: AutomationLoader;
  readonly deadAir: DeadAirWatch;
  readonly offAir: OffAir;
  readonly s: DirectorState;
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  now(): number;
  iso(ms?: number): string;
  exec(ev: ExecutorEvent): Promise<void>;
  /** Asks for a decision round now rather than at the next timer (see director.ts). */
  onRoundWanted(): void;
}

/** Dead air reported for this long counts as off air (the engine reports silence at 2 s). */
export const SILENT_OFF_AIR_MS = 2_000;
export const RESYNC_AFTER_RESTART_MS = 1_000;
