import type { Kysely } from 'kysely';
import type { Db } from './database.js';
import type { Bool, NullableTimestamp, Timestamp, Database } from './types.js';

/** Row types of migration 0100_programming (JSON documents are text columns). */
export interface SmartBlocksTable {
  id: string;
  station_id: string;
  name: string;
  description: string;
  settings: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SmartBlockRulesTable {
  id: string;
  station_id: string;
  smart_block_id: string;
  position: number;
  kind: string;
  definition: string;
}

export interface PlaylistsTable {
  id: string;
  station_id: string;
  name: string;
  description: string;
  mode: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PlaylistItemsTable {
  id: string;
  playlist_id: string;
  position: number;
  media_id: string;
  cue_in_ms: number | null;
  cue_out_ms: number | null;
  fade_in_ms: number | null;
  fade_out_ms: number | null;
}

export interface ClocksTable {
  id: string;
  station_id: string;
  name: string;
  hours: string;
  priority: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ClockSlotsTable {
  id: string;
  clock_id: string;
  position: number;
  offset_ms: number;
  type: string;
  payload: string;
}

export interface ShowsTable {
  id: string;
  station_id: string;
  name: string;
  host: string | null;
  description: string;
  starts_at: string;
  duration_ms: number;
  rrule: string | null;
  exdates: string;
  source_type: string | null;
  source_id: string | null;
  priority: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ShowExceptionsTable {
  id: string;
  show_id: string;
  original_starts_at: string;
  cancelled: Bool;
  starts_at: NullableTimestamp;
  duration_ms: number | null;
}

export interface ScheduleEntriesTable {
  id: string;
  station_id: string;
  starts_at: string;
  ends_at: string;
  rrule: string | null;
  exdates: string;
  source_type: string;
  source_id: string | null;
  priority: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ScheduleItemsTable {
  id: string;
  station_id: string;
  starts_at: string;
  ends_at: string;
  kind: string;
  media_id: string | null;
  webstream_id: string | null;
  label: string | null;
  cue_in_ms: number | null;
  cue_out_ms: number | null;
  fade_in_ms: number | null;
  fade_out_ms: number | null;
  source_type: string;
  source_id: string | null;
  entry_id: string | null;
  clock_id: string | null;
  segment_key: string;
  hard_start: Bool;
  reason: string | null;
}

export interface StationFallbacksTable {
  station_id: string;
  source_type: string;
  source_id: string;
  updated_at: Timestamp;
}

// A type alias (not an interface) so it satisfies withTables' index-signature constraint.
export type ProgrammingTables = {
  smart_blocks: SmartBlocksTable;
  smart_block_rules: SmartBlockRulesTable;
  playlists: PlaylistsTable;
  playlist_items: PlaylistItemsTable;
  clocks: ClocksTable;
  clock_slots: ClockSlotsTable;
  shows: ShowsTable;
  show_exceptions: ShowExceptionsTable;
  schedule_entries: ScheduleEntriesTable;
  schedule_items: ScheduleItemsTable;
  station_fallbacks: StationFallbacksTable;
};

type ProgDb = Kysely<Database & ProgrammingTables>;

/** The foundation's handle, widened with the programming tables (Kysely's withTables). */
export function programmingDb(db: Db): ProgDb {
  return db.withTables<ProgrammingTables>();
}
