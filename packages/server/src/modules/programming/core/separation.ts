import type { Separation } from '@grimnir/contracts';
import type { PlayRecord, Track } from './track.js';

export type SeparationKind = 'artist' | 'title' | 'album';

function norm(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  const n = value.trim().toLowerCase();
  return n === '' ? undefined : n;
}

type Keys = Record<SeparationKind, string | undefined>;

type Play = Pick<PlayRecord, 'artist' | 'title' | 'album' | 'startedAt'>;

/**
 * The latest start per artist, title and album over a set of plays. It lives as long as a plan
 * (or one preview), so it also keeps each checked track's normalised names: a pool track is
 * checked many times, and a fresh library's strings would otherwise be hashed for every check.
 */
export class LatestPlays {
  private readonly last: Record<SeparationKind, Map<string, number>> = {
    artist: new Map(),
    title: new Map(),
    album: new Map(),
  };
  private readonly keys = new Map<Track, Keys>();

  keysOf(track: Track): Keys {
    let keys = this.keys.get(track);
    if (keys === undefined) {
      keys = { artist: norm(track.artist), title: norm(track.title), album: norm(track.album) };
      this.keys.set(track, keys);
    }
    return keys;
  }

  record(play: Play): void {
    this.remember('artist', norm(play.artist), play.startedAt);
    this.remember('title', norm(play.title), play.startedAt);
    this.remember('album', norm(play.album), play.startedAt);
  }

  get(kind: SeparationKind, key: string): number | undefined {
    return this.last[kind].get(key);
  }

  private remember(kind: SeparationKind, key: string | undefined, at: number): void {
    if (key === undefined) return;
    const map = this.last[kind];
    const prev = map.get(key);
    if (prev === undefined || at > prev) map.set(key, at);
  }
}

/**
 * Remembers the latest start per artist/title/album across play history, earlier blocks of the
 * plan and the sequence being built, so one check covers all three sources of repeats.
 *
 * `aired` is what came before the block (the planner keeps one per plan instead of replaying a
 * day of history into every block). It may hold plays older than any separation window: those
 * never block, so it answers as the recent plays alone would.
 */
export class SeparationTracker {
  // The block's own plays: a handful, so a scan beats a map.
  private readonly own: {
    artist: string | undefined;
    title: string | undefined;
    album: string | undefined;
    at: number;
  }[] = [];
  private readonly windowMs: Record<SeparationKind, number>;

  constructor(
    separation: Separation,
    private readonly aired: LatestPlays,
  ) {
    this.windowMs = {
      artist: separation.artist_minutes * 60_000,
      title: separation.title_minutes * 60_000,
      album: separation.album_minutes * 60_000,
    };
  }

  record(play: Play): void {
    this.own.push({
      artist: norm(play.artist),
      title: norm(play.title),
      album: norm(play.album),
      at: play.startedAt,
    });
  }

  /** Whether `track` starting at `atMs` would break the separation of this kind. */
  blocks(kind: SeparationKind, track: Track, atMs: number): boolean {
    const window = this.windowMs[kind];
    if (window === 0) return false;
    const key = this.aired.keysOf(track)[kind];
    if (key === undefined) return false;
    let prev = this.aired.get(kind, key);
    for (const play of this.own) {
      if (play[kind] === key && (prev === undefined || play.at > prev)) prev = play.at;
    }
    // A later planned play (prev > at) also conflicts: separation is symmetric in time.
    return prev !== undefined && Math.abs(atMs - prev) < window;
  }
}
