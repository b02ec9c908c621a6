import type { Transaction } from 'kysely';
import type { FallbackSource, ScheduleSource, SmartBlockRules } from '@grimnir/contracts';
import type { ProgrammingTables } from '../../../db/programming-types.js';
import type { Database } from '../../../db/types.js';
import type { ClockDef } from '../core/clock-compiler.js';
import type { PlannedItem } from '../core/plan-types.js';
import type { LibraryRepository } from './library.repository.js';

// What the planner reads of a station's programme and what the scheduler writes back, as ports:
// the CRUD sub-features' repositories satisfy them as they are, so the planner (below those
// sub-features, which call it for previews and conflict checks) imports none of them.

export type PlanTx = Transaction<Database & ProgrammingTables>;

export interface EntryFields {
  id: string;
  starts_at: string;
  ends_at: string;
  rrule: string | null;
  exdates: readonly string[];
  source: ScheduleSource;
  priority: number;
}

export interface ShowFields {
  id: string;
  starts_at: string;
  duration_ms: number;
  rrule: string | null;
  exdates: readonly string[];
  /** Null: a calendar object only, no air time. */
  source: ScheduleSource | null;
  priority: number;
  exceptions: readonly {
    original_starts_at: string;
    cancelled: boolean;
    starts_at: string | null;
    duration_ms: number | null;
  }[];
}

export interface ClockFields {
  id: string;
  name: string;
  priority: number;
  hours: ClockDef['hours'];
  slots: readonly {
    offset_ms: number;
    type: ClockDef['slots'][number]['type'];
    payload: ClockDef['slots'][number]['payload'];
  }[];
}

export interface PlaylistFields {
  id: string;
  mode: 'ordered' | 'shuffled';
  items: readonly {
    media_id: string;
    cue_in_ms: number | null;
    cue_out_ms: number | null;
    fade_in_ms: number | null;
    fade_out_ms: number | null;
  }[];
}

interface ByStation<T> {
  listByStation(stationId: string): Promise<T[]>;
}

export interface ProgrammeSource {
  schedule: {
    listEntries(stationId: string): Promise<EntryFields[]>;
    getFallback(stationId: string): Promise<FallbackSource | null>;
    itemsFrom(stationId: string, fromIso: string): Promise<PlannedItem[]>;
    countEntries(): Promise<number>;
    transaction<T>(fn: (tx: PlanTx) => Promise<T>): Promise<T>;
    /** Writes a plan diff inside `tx`. */
    applyDiff(
      stationId: string,
      remove: readonly string[],
      insert: readonly PlannedItem[],
      tx: PlanTx,
    ): Promise<void>;
  };
  shows: ByStation<ShowFields>;
  clocks: ByStation<ClockFields>;
  smartBlocks: ByStation<{ id: string; rules: SmartBlockRules }>;
  playlists: ByStation<PlaylistFields>;
  library: LibraryRepository;
}
