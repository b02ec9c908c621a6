import { randomUUID } from 'node:crypto';
import type { Db } from '../../../db/database.js';
import type { UpcomingItem } from '../ports.js';

/** An analysed media row (no file: the fake engine never reads one), for playout tests. */
export async function insertMediaRow(db: Db, stationId: string, title: string): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('media')
    .values({
      id,
      station_id: stationId,
      title,
      artist: 'Test Artist',
      tags: '[]',
      duration_ms: 180_000,
      original_filename: `${title}.mp3`,
      storage_path: `${stationId}/${id}.mp3`,
      mime_type: 'audio/mpeg',
      size_bytes: 1000,
      content_hash: id,
      cue_in_ms: 500,
      cue_out_ms: 179_000,
      loudness_lufs: -12,
      analysis_state: 'complete',
      play_count: 0,
    })
    .execute();
  return id;
}

/** Scheduled items back to back, one per media, the first started `startedAgoMs` ago. */
export function backToBack(
  stationId: string,
  mediaIds: readonly string[],
  o: { nowMs: number; startedAgoMs: number; lengthMs: number },
): UpcomingItem[] {
  const first = o.nowMs - o.startedAgoMs;
  return mediaIds.map((mediaId, i) => ({
    id: randomUUID(),
    stationId,
    startMs: first + i * o.lengthMs,
    endMs: first + (i + 1) * o.lengthMs,
    kind: 'media',
    mediaId,
    cueInMs: null,
    cueOutMs: null,
    fadeInMs: null,
    fadeOutMs: null,
    hardStart: false,
    label: null,
  }));
}
