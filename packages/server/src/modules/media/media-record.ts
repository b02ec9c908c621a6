import type { MediaAnalysisState } from '@grimnir/contracts';
import type { Selectable } from 'kysely';
import { toBool, toIso, toIsoOrNull } from '../../db/row-mappers.js';
import type { MediaTable } from '../../db/types.js';
import type { MediaTags } from './media-tags.js';

/**
 * A media row as the library's repositories return it. Records keep the snake_case column names because they are
 * the wire names too (the service adds only `audio_url`); values are normalised here so
 * SQLite's 0/1 and text timestamps look exactly like PostgreSQL's booleans and ISO strings.
 */

export interface MediaRecord extends MediaTags {
  id: string;
  station_id: string;
  tags: string[];
  duration_ms: number | null;
  original_filename: string;
  storage_path: string;
  mime_type: string;
  size_bytes: number;
  content_hash: string;
  has_artwork: boolean;
  artwork_path: string | null;
  active: boolean;
  analysis_state: MediaAnalysisState;
  analysis_error: string | null;
  playout_state: 'ok' | 'failed';
  playout_failures: number;
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
  analyzed_at: string | null;
  play_count: number;
  last_played_at: string | null;
  created_at: string;
  updated_at: string;
}

function parseTags(raw: string): string[] {
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

export function toRecord(r: Selectable<MediaTable>): MediaRecord {
  return {
    ...r,
    explicit: toBool(r.explicit),
    has_artwork: toBool(r.has_artwork),
    active: toBool(r.active),
    tags: parseTags(r.tags),
    size_bytes: Number(r.size_bytes),
    analysis_state: r.analysis_state as MediaAnalysisState,
    playout_state: r.playout_state === 'failed' ? 'failed' : 'ok',
    analyzed_at: toIsoOrNull(r.analyzed_at),
    last_played_at: toIsoOrNull(r.last_played_at),
    created_at: toIso(r.created_at),
    updated_at: toIso(r.updated_at),
  };
}
