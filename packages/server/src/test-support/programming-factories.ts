import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.js';

interface MediaSpec {
  title?: string;
  artist?: string;
  album?: string;
  genre?: string;
  tags?: string[];
  durationMs?: number;
}

/** Media rows straight into the table (programming tests need a library, not uploads). */
export async function insertMedia(
  db: Db,
  stationId: string,
  specs: readonly MediaSpec[],
): Promise<string[]> {
  const ids = specs.map(() => randomUUID());
  const rows = specs.map((m, i) => ({
    id: ids[i] as string,
    station_id: stationId,
    title: m.title ?? `Song ${i}`,
    artist: m.artist ?? `Artist ${i}`,
    album: m.album ?? null,
    genre: m.genre ?? 'rock',
    tags: JSON.stringify(m.tags ?? []),
    duration_ms: m.durationMs ?? 180_000,
    original_filename: `song-${i}.mp3`,
    storage_path: `${stationId}/${ids[i] as string}.mp3`,
    mime_type: 'audio/mpeg',
    size_bytes: 1000,
    content_hash: ids[i] as string,
    analysis_state: 'done',
    year: null,
    track_number: null,
    isrc: null,
    mood: null,
    language: null,
    label: null,
    bpm: null,
    explicit: false,
    has_artwork: false,
    artwork_path: null,
    active: true,
    analysis_error: null,
    loudness_lufs: null,
    loudness_range_lu: null,
    true_peak_dbtp: null,
    replaygain_db: null,
    cue_in_ms: null,
    cue_out_ms: null,
    intro_ms: null,
    outro_ms: null,
    analyzed_at: null,
    play_count: 0,
    last_played_at: null,
  }));
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('media')
      .values(rows.slice(i, i + 200))
      .execute();
  }
  return ids;
}

/** `artists` artists with `perArtist` songs of 2:30–4:30, plus six jingles of 8–18 s. */
export function musicLibrary(artists: number, perArtist: number): MediaSpec[] {
  const songs: MediaSpec[] = [];
  for (let a = 0; a < artists; a++) {
    for (let s = 0; s < perArtist; s++) {
      songs.push({
        title: `Song ${a}-${s}`,
        artist: `Artist ${a}`,
        album: `Album ${a}`,
        genre: a % 2 === 0 ? 'rock' : 'pop',
        durationMs: 150_000 + ((a * 7919 + s * 104_729) % 120_000),
      });
    }
  }
  const jingles = Array.from({ length: 6 }, (_, j) => ({
    title: `Jingle ${j}`,
    artist: 'Station ID',
    tags: ['jingle'],
    durationMs: 8_000 + j * 2_000,
  }));
  return [...songs, ...jingles];
}
