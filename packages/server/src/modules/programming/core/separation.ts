import type { Separation } from '@grimnir/contracts';
import type { PlayRecord, Track } from './track.js';

export type SeparationKind = 'artist' | 'title' | 'album';

// Normalizing the same few thousand names for every block of a 72-hour plan showed up in
// profiles; the cache holds each distinct raw string once.
const normCache = new Map<string, string | undefined>();

function norm(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  let v = normCache.get(value);
  if (v === undefined && !normCache.has(value)) {
    const n = value.trim().toLowerCase();
    v = n === '' ? undefined : n;
    if (normCache.size > 100_000) normCache.clear();
    normCache.set(value, v);
  }
  return v;
}

/**
 * Remembers the latest start per artist/title/album across play history, earlier blocks of the
 * plan and the sequence being built, so one check covers all three sources of repeats.
 */
export class SeparationTracker {
  private readonly last: Record<SeparationKind, Map<string, number>> = {
    artist: new Map(),
    title: new Map(),
    album: new Map(),
  };
  private readonly windowMs: Record<SeparationKind, number>;

  constructor(separation: Separation) {
    this.windowMs = {
      artist: separation.artist_minutes * 60_000,
      title: separation.title_minutes * 60_000,
      album: separation.album_minutes * 60_000,
    };
  }

  record(play: Pick<PlayRecord, 'artist' | 'title' | 'album' | 'startedAt'>): void {
    this.remember('artist', norm(play.artist), play.startedAt);
    this.remember('title', norm(play.title), play.startedAt);
    this.remember('album', norm(play.album), play.startedAt);
  }

  /** Kinds that `track` starting at `atMs` would violate (empty when it is clear). */
  violations(track: Track, atMs: number): SeparationKind[] {
    const out: SeparationKind[] = [];
    if (this.blocked('artist', norm(track.artist), atMs)) out.push('artist');
    if (this.blocked('title', norm(track.title), atMs)) out.push('title');
    if (this.blocked('album', norm(track.album), atMs)) out.push('album');
    return out;
  }

  private remember(kind: SeparationKind, key: string | undefined, at: number): void {
    if (key === undefined) return;
    const map = this.last[kind];
    const prev = map.get(key);
    if (prev === undefined || at > prev) map.set(key, at);
  }

  private blocked(kind: SeparationKind, key: string | undefined, at: number): boolean {
    const window = this.windowMs[kind];
    if (key === undefined || window === 0) return false;
    const prev = this.last[kind].get(key);
    // A later planned play (prev > at) also conflicts: separation is symmetric in time.
    return prev !== undefined && Math.abs(at - prev) < window;
  }
}
