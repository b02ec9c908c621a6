import type { FallbackSource, ScheduleSource, SmartBlockRules } from '@grimnir/contracts';
import type { ClockDef } from './clock-compiler.js';
import type { Recurrence, RecurrenceException } from './recurrence.js';
import type { PlayRecord, Track } from './track.js';

/** A schedule entry or a show that carries a programme source. */
export interface PlanEntry {
  id: string;
  kind: 'entry' | 'show';
  source: ScheduleSource;
  recurrence: Recurrence;
  exceptions?: readonly RecurrenceException[];
  priority: number;
}

export interface PlaylistItemDef {
  mediaId: string;
  cueInMs?: number | null;
  cueOutMs?: number | null;
  fadeInMs?: number | null;
  fadeOutMs?: number | null;
}

export interface PlaylistDef {
  id: string;
  mode: 'ordered' | 'shuffled';
  items: readonly PlaylistItemDef[];
}

export type ItemSourceType =
  | 'smart_block'
  | 'playlist'
  | 'media'
  | 'hard_item'
  | 'stopset'
  | 'webstream'
  | 'live'
  | 'fallback'
  | 'filler';

/** One concrete, timed thing to air. Items of a plan tile the window back to back. */
export interface PlannedItem {
  id: string;
  startMs: number;
  endMs: number;
  kind: 'media' | 'webstream' | 'live';
  mediaId: string | null;
  webstreamId: string | null;
  label: string | null;
  cueInMs: number | null;
  cueOutMs: number | null;
  fadeInMs: number | null;
  fadeOutMs: number | null;
  sourceType: ItemSourceType;
  sourceId: string | null;
  entryId: string | null;
  clockId: string | null;
  /** Fingerprint of the programme that produced the item; unchanged programme → item kept. */
  segmentKey: string;
  hardStart: boolean;
  reason: string | null;
}

export interface StationPlanInput {
  stationId: string;
  timezone: string;
  nowMs: number;
  window: { startMs: number; endMs: number };
  entries: readonly PlanEntry[];
  clocks: readonly ClockDef[];
  smartBlocks: ReadonlyMap<string, SmartBlockRules>;
  playlists: ReadonlyMap<string, PlaylistDef>;
  library: readonly Track[];
  history: readonly PlayRecord[];
  /** The station's fallback programme; without one a plain rotation of the library fills gaps. */
  fallback: FallbackSource | null;
  /** Items already materialized (from the last tick), any time. */
  existing: readonly PlannedItem[];
  seed?: string;
}

export interface EntryConflict {
  entryIds: [string, string];
  startMs: number;
  endMs: number;
}

export interface StationPlan {
  /** Everything from the first item touching the window to the planning horizon. */
  items: PlannedItem[];
  insert: PlannedItem[];
  remove: string[];
  conflicts: EntryConflict[];
  gaps: { startMs: number; endMs: number }[];
  horizonMs: number;
}
