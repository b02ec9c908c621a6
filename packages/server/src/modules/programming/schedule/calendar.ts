import type { ScheduleSource } from '@grimnir/contracts';
import { applyExceptions, occurrencesBetween } from '../core/recurrence.js';
import { localHours } from '../core/clock-compiler.js';
import { entryToPlan } from '../planner/programme-loader.js';
import type { ScheduleEntryRecord } from './schedule.repository.js';
import type { ShowRecord } from './shows.repository.js';

interface Window {
  startMs: number;
  endMs: number;
}

/** One drawn occurrence (its series, where the series put it, and where it is now). */
type Occ = {
  kind: 'show' | 'entry';
  id: string;
  name: string | null;
  source: ScheduleSource | null;
  priority: number;
  recurring: boolean;
  original_starts_at: string;
  starts_at: string;
  ends_at: string;
  moved: boolean;
};

const iso = (ms: number) => new Date(ms).toISOString();

function showOccurrences(s: ShowRecord, tz: string, w: Window): Occ[] {
  const rec = {
    startsAtMs: Date.parse(s.starts_at),
    durationMs: s.duration_ms,
    rrule: s.rrule,
    exdatesMs: s.exdates.map((x) => Date.parse(x)),
    timezone: tz,
  };
  // Widened by 8 days each side so an occurrence moved into the window from a neighbouring week
  // is found (one moved further than that is drawn only where its own window reaches).
  const widened = { startMs: w.startMs - 8 * 86_400_000, endMs: w.endMs + 8 * 86_400_000 };
  const raw = occurrencesBetween(rec, widened);
  const byStart = new Map(s.exceptions.map((x) => [Date.parse(x.original_starts_at), x]));
  const out: Occ[] = [];
  for (const occ of raw) {
    const ex = byStart.get(occ.startMs);
    if (ex?.cancelled === true) continue;
    const [moved] = ex ? applyExceptions([occ], [toException(ex)], tz, widened) : [occ];
    if (moved === undefined || moved.startMs >= w.endMs || moved.endMs <= w.startMs) continue;
    out.push({
      kind: 'show',
      id: s.id,
      name: s.name,
      source: s.source,
      priority: s.priority,
      recurring: s.rrule !== null,
      original_starts_at: iso(occ.startMs),
      starts_at: iso(moved.startMs),
      ends_at: iso(moved.endMs),
      moved: moved.startMs !== occ.startMs || moved.endMs !== occ.endMs,
    });
  }
  return out;
}

function toException(x: ShowRecord['exceptions'][number]) {
  return {
    originalStartsAtMs: Date.parse(x.original_starts_at),
    cancelled: x.cancelled,
    ...(x.starts_at !== null && { startsAtMs: Date.parse(x.starts_at) }),
    ...(x.duration_ms !== null && { durationMs: x.duration_ms }),
  };
}

function entryOccurrences(e: ScheduleEntryRecord, tz: string, w: Window): Occ[] {
  const plan = entryToPlan(e, tz);
  return occurrencesBetween(plan.recurrence, w).map((o) => ({
    kind: 'entry',
    id: e.id,
    name: null,
    source: e.source,
    priority: e.priority,
    recurring: e.rrule !== null,
    original_starts_at: iso(o.startMs),
    starts_at: iso(o.startMs),
    ends_at: iso(o.endMs),
    moved: false,
  }));
}

/**
 * Every show and entry occurrence overlapping the window, as the calendar draws them: RRULEs
 * expanded in the station zone with exceptions applied (the same functions the planner uses).
 */
export function calendarOccurrences(
  entries: readonly ScheduleEntryRecord[],
  shows: readonly ShowRecord[],
  tz: string,
  w: Window,
): Occ[] {
  return [
    ...shows.flatMap((s) => showOccurrences(s, tz, w)),
    ...entries.flatMap((e) => entryOccurrences(e, tz, w)),
  ].sort((a, b) => a.starts_at.localeCompare(b.starts_at) || a.id.localeCompare(b.id));
}

/** The local days touching the window with their real length (DST days are 23 or 25 hours). */
/** Each day: its local date (YYYY-MM-DD), bounds, and real hours (23 or 25 on DST days). */
export function calendarDays(tz: string, w: Window) {
  const byDate = new Map<string, { startMs: number; endMs: number; hours: number }>();
  const fmt = new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  for (const h of localHours(tz, w)) {
    const date = fmt.format(h.startMs);
    const day = byDate.get(date);
    if (day === undefined) byDate.set(date, { startMs: h.startMs, endMs: h.endMs, hours: 1 });
    else byDate.set(date, { ...day, endMs: h.endMs, hours: day.hours + 1 });
  }
  return [...byDate].map(([date, d]) => ({
    date,
    starts_at: iso(d.startMs),
    ends_at: iso(d.endMs),
    hours: d.hours,
  }));
}
