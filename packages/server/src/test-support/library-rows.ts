import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.js';

/** A library row with the fields the list's filters and sorts look at. */
export interface LibraryRow {
  title: string;
  artist?: string | null;
  album?: string | null;
  genre?: string | null;
  tags?: string[];
  durationMs?: number | null;
  createdAt?: string;
  lastPlayedAt?: string | null;
  analysisState?: 'pending' | 'running' | 'complete' | 'failed';
  analysisError?: string | null;
}

/**
 * Rows straight into `media` (no files): list, filter and search tests need many items with
 * chosen dates and states, which uploads cannot give. Returns the ids in input order.
 */
export async function insertLibraryRows(
  db: Db,
  stationId: string,
  rows: readonly LibraryRow[],
): Promise<string[]> {
  const base = Date.UTC(2026, 0, 1);
  const values = rows.map((r, i) => {
    const id = randomUUID();
    return {
      id,
      station_id: stationId,
      title: r.title,
      artist: r.artist ?? null,
      album: r.album ?? null,
      genre: r.genre ?? null,
      tags: JSON.stringify(r.tags ?? []),
      duration_ms: r.durationMs === undefined ? 180_000 : r.durationMs,
      original_filename: `${id}.mp3`,
      storage_path: `${stationId}/${id}.mp3`,
      mime_type: 'audio/mpeg',
      size_bytes: 1000,
      content_hash: id,
      analysis_state: r.analysisState ?? 'complete',
      analysis_error: r.analysisError ?? null,
      play_count: r.lastPlayedAt ? 1 : 0,
      last_played_at: r.lastPlayedAt ?? null,
      created_at: r.createdAt ?? new Date(base + i * 60_000).toISOString(),
      updated_at: new Date(base).toISOString(),
    };
  });
  for (let i = 0; i < values.length; i += 200)
    await db
      .insertInto('media')
      .values(values.slice(i, i + 200))
      .execute();
  return values.map((v) => v.id);
}
