import type { SmartBlockField } from '@grimnir/contracts';

/** A library item as the programming core sees it (times are epoch milliseconds). */
export interface Track {
  id: string;
  durationMs: number;
  cueInMs?: number | null;
  cueOutMs?: number | null;
  title: string;
  artist: string;
  album?: string | null;
  genre?: string | null;
  mood?: string | null;
  year?: number | null;
  bpm?: number | null;
  tags?: readonly string[];
  addedAt?: number | null;
  lastPlayedAt?: number | null;
  playCount?: number;
  explicit?: boolean;
  language?: string | null;
  label?: string | null;
  /** 0..1; when absent it is estimated from bpm. */
  energy?: number | null;
}

/** One past (or already planned) play, used for separation and windowed quotas. */
export interface PlayRecord {
  mediaId: string;
  artist: string;
  title: string;
  album?: string | null;
  startedAt: number;
  /** Present when the record came from a plan rather than history; lets quotas see fields. */
  track?: Track;
}

/** id → track, built in one loop (no 50k temporary pairs for the collector to sweep). */
export function indexById(library: readonly Track[]): Map<string, Track> {
  const byId = new Map<string, Track>();
  for (const t of library) byId.set(t.id, t);
  return byId;
}

/** What actually airs: cue points shorten a file's nominal duration. */
export function playableMs(track: Track): number {
  const start = track.cueInMs ?? 0;
  const end = track.cueOutMs ?? track.durationMs;
  return Math.max(0, Math.min(end, track.durationMs) - start);
}

// bpm 60..180 maps onto 0..1 when the library has no measured energy.
export function trackEnergy(track: Track): number {
  if (track.energy !== undefined && track.energy !== null) return clamp01(track.energy);
  if (track.bpm === undefined || track.bpm === null) return 0.5;
  return clamp01((track.bpm - 60) / 120);
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

export type FieldValue = string | number | boolean | readonly string[] | null | undefined;

export function fieldValue(track: Track, field: SmartBlockField): FieldValue {
  switch (field) {
    case 'genre':
      return track.genre;
    case 'mood':
      return track.mood;
    case 'artist':
      return track.artist;
    case 'album':
      return track.album;
    case 'title':
      return track.title;
    case 'year':
      return track.year;
    case 'bpm':
      return track.bpm;
    case 'duration_ms':
      return playableMs(track);
    case 'tags':
      return track.tags ?? [];
    case 'added_at':
      return track.addedAt;
    case 'last_played_at':
      return track.lastPlayedAt;
    case 'play_count':
      return track.playCount ?? 0;
    case 'explicit':
      return track.explicit ?? false;
    case 'language':
      return track.language;
    case 'label':
      return track.label;
    case 'energy':
      return trackEnergy(track);
  }
}
