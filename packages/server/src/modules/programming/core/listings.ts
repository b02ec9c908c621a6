import type { ScheduleSource } from '@grimnir/contracts';
import { applyExceptions, occurrencesBetween, type Recurrence } from './recurrence.js';

/** A show as the listeners' schedule needs it: what it is called, who presents it, its timing. */
export interface ListedShow {
  id: string;
  name: string;
  host: string | null;
  description: string;
  starts_at: string;
  duration_ms: number;
  rrule: string | null;
  exdates: readonly string[];
  exceptions: readonly {
    original_starts_at: string;
    cancelled: boolean;
    starts_at: string | null;
    duration_ms: number | null;
  }[];
}

/** A schedule entry: named after what it plays (a playlist's name, "Live", …). */
export interface ListedEntry {
  id: string;
  starts_at: string;
  ends_at: string;
  rrule: string | null;
  exdates: readonly string[];
  source: ScheduleSource;
}

export interface Listing {
  /** The show's or the entry's id (the same for each of its occurrences). */
  id: string;
  kind: 'show' | 'entry';
  title: string;
  host: string | null;
  description: string;
  live: boolean;
  startMs: number;
  endMs: number;
}

interface Window {
  startMs: number;
  endMs: number;
}

/**
 * Every occurrence of the station's shows and entries overlapping `window`, by start (then
 * title), in the station's zone: a weekly show at 09:00 local stays at 09:00 across DST, and
 * moved or cancelled single occurrences are applied. Shows without a programme source (calendar
 * objects) are listed too: they are what listeners know the station by.
 */
export function listingsBetween(
  shows: readonly ListedShow[],
  entries: readonly ListedEntry[],
  label: (source: ScheduleSource) => string,
  timezone: string,
  window: Window,
): Listing[] {
  const out: Listing[] = [];
  for (const s of shows) {
    const rec: Recurrence = {
      startsAtMs: Date.parse(s.starts_at),
      durationMs: s.duration_ms,
      rrule: s.rrule,
      exdatesMs: s.exdates.map((x) => Date.parse(x)),
      timezone,
    };
    const exceptions = s.exceptions.map((x) => ({
      originalStartsAtMs: Date.parse(x.original_starts_at),
      cancelled: x.cancelled,
      ...(x.starts_at !== null && { startsAtMs: Date.parse(x.starts_at) }),
      ...(x.duration_ms !== null && { durationMs: x.duration_ms }),
    }));
    const occ = applyExceptions(occurrencesBetween(rec, window), exceptions, timezone, window);
    for (const o of occ)
      out.push({
        id: s.id,
        kind: 'show',
        title: s.name,
        host: s.host,
        description: s.description,
        live: false,
        startMs: o.startMs,
        endMs: o.endMs,
      });
  }
  for (const e of entries) {
    const startsAtMs = Date.parse(e.starts_at);
    const rec: Recurrence = {
      startsAtMs,
      durationMs: Date.parse(e.ends_at) - startsAtMs,
      rrule: e.rrule,
      exdatesMs: e.exdates.map((x) => Date.parse(x)),
      timezone,
    };
    for (const o of occurrencesBetween(rec, window))
      out.push({
        id: e.id,
        kind: 'entry',
        title: label(e.source),
        host: null,
        description: '',
        live: e.source.type === 'live',
        startMs: o.startMs,
        endMs: o.endMs,
      });
  }
  return out.sort((a, b) => a.startMs - b.startMs || a.title.localeCompare(b.title));
}
