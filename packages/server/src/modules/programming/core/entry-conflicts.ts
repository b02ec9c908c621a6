import type { PlanEntry } from './plan-types.js';
import type { Span } from './conflicts.js';
import { applyExceptions, occurrencesBetween } from './recurrence.js';

export interface EntryOverlap {
  ids: [string, string];
  startMs: number;
  endMs: number;
}

interface Window {
  startMs: number;
  endMs: number;
}

const DAY_MS = 86_400_000;
const YEAR_MS = 366 * DAY_MS;
const MAX_REPORTED = 100;

function spans(entry: PlanEntry, window: Window): (Span & { id: string })[] {
  const raw = occurrencesBetween(entry.recurrence, window);
  const occ = applyExceptions(raw, entry.exceptions ?? [], entry.recurrence.timezone, window);
  return occ.map((o) => ({ startMs: o.startMs, endMs: o.endMs, id: entry.id }));
}

const CHUNK_MS = 32 * DAY_MS;

/**
 * Occurrences of the station's entries, kept between writes in 32-day chunks aligned to the
 * epoch: a chunk depends only on the entry's recurrence, so a schedule POST expands just the
 * candidate and whatever changed since the last write. Bounded by the total spans held.
 */
export class OccurrenceCache {
  private readonly byKey = new Map<string, readonly Span[]>();
  private held = 0;

  constructor(private readonly maxSpans = 500_000) {}

  /**
   * Start-sorted spans of `entry` overlapping `window`, a chunk at a time: `pause` runs between
   * chunks so the caller can hand the event loop back (a year of an hourly rule is ~9,000).
   */
  async spansOf(entry: PlanEntry, window: Window, pause: () => Promise<void>): Promise<Span[]> {
    const fp = JSON.stringify([entry.recurrence, entry.exceptions ?? []]);
    const out: Span[] = [];
    const first = Math.floor(window.startMs / CHUNK_MS);
    for (let c = first; c * CHUNK_MS < window.endMs; c++) {
      const chunkStart = c * CHUNK_MS;
      // A span crossing into this chunk was already taken from the chunk before.
      for (const s of this.chunk(entry, fp, chunkStart)) {
        const fresh = c === first || s.startMs >= chunkStart;
        if (fresh && s.endMs > window.startMs && s.startMs < window.endMs) out.push(s);
      }
      await pause();
    }
    return out;
  }

  private chunk(entry: PlanEntry, fp: string, startMs: number): readonly Span[] {
    const key = `${startMs}|${fp}`;
    const hit = this.byKey.get(key);
    if (hit !== undefined) {
      // Refresh its place in the insertion order (least recently used goes first).
      this.byKey.delete(key);
      this.byKey.set(key, hit);
      return hit;
    }
    const fresh = spans(entry, { startMs, endMs: startMs + CHUNK_MS });
    this.byKey.set(key, fresh);
    this.held += fresh.length;
    for (const [k, v] of this.byKey) {
      if (this.held <= this.maxSpans || k === key) break;
      this.byKey.delete(k);
      this.held -= v.length;
    }
    return fresh;
  }
}

/**
 * The year a new or changed entry is checked over, from its first occurrence that is still
 * relevant (an open-ended rule cannot be checked forever; a year covers every weekly/monthly/
 * yearly pattern at least once and DST changes twice).
 */
export function overlapWindow(candidate: PlanEntry, nowMs: number): Window {
  const from = Math.max(candidate.recurrence.startsAtMs, nowMs - DAY_MS);
  return { startMs: from, endMs: from + YEAR_MS };
}

/** Overlaps of `theirs` (one other entry, start-sorted) with the candidate's sorted spans. */
export function overlapsWith(
  candidateId: string,
  mine: readonly Span[],
  otherId: string,
  theirs: readonly Span[],
): EntryOverlap[] {
  const out: EntryOverlap[] = [];
  const longest = mine.reduce((m, s) => Math.max(m, s.endMs - s.startMs), 0);
  for (const t of theirs) {
    for (let i = lowerBound(mine, t.startMs - longest); i < mine.length; i++) {
      const m = mine[i] as Span;
      if (m.startMs >= t.endMs) break;
      if (m.endMs <= t.startMs) continue;
      const otherFirst = t.startMs < m.startMs || (t.startMs === m.startMs && t.endMs <= m.endMs);
      out.push({
        ids: otherFirst ? [otherId, candidateId] : [candidateId, otherId],
        startMs: Math.max(m.startMs, t.startMs),
        endMs: Math.min(m.endMs, t.endMs),
      });
      if (out.length >= MAX_REPORTED) return out;
    }
  }
  return out;
}

/** At most 100 overlaps, earliest first. */
export function reportedOverlaps(found: readonly EntryOverlap[]): EntryOverlap[] {
  return [...found].sort((a, b) => a.startMs - b.startMs).slice(0, MAX_REPORTED);
}

function lowerBound(sorted: readonly Span[], ms: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as Span).startMs < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
