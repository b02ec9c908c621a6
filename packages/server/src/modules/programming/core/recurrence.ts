import { assertFirstOccurrenceSoon, expandFloating, floatingRule } from './rrule-expand.js';
import { checkRulePolicy } from './rrule-policy.js';
import { instantToWall, wallToInstant } from './time-zone.js';

/** One calendar object's timing: DTSTART (an instant), a length, RRULE and EXDATEs. */
export interface Recurrence {
  startsAtMs: number;
  durationMs: number;
  rrule?: string | null;
  /** Excluded occurrences, as instants; matched against an occurrence's start (instant or wall). */
  exdatesMs?: readonly number[];
  timezone: string;
}

/** A moved or cancelled instance (RFC 5545 RECURRENCE-ID). */
export interface RecurrenceException {
  originalStartsAtMs: number;
  cancelled?: boolean;
  startsAtMs?: number;
  durationMs?: number;
}

interface Occurrence {
  startMs: number;
  endMs: number;
  /** The occurrence's nominal start as local wall time (floating ms) in the station zone. */
  wallStartMs: number;
  /** True when the nominal local start fell into a spring-forward gap and was moved forward. */
  shifted: boolean;
}

interface Window {
  startMs: number;
  endMs: number;
}

const DAY_MS = 86_400_000;

/**
 * Occurrences overlapping `window`. The RRULE is expanded in floating local time (as though the
 * zone had no offset) so that "weekly at 09:00" stays 09:00 local across DST changes, and each
 * local start is then resolved to an instant with RFC 5545 gap/overlap semantics. The end is
 * the local start plus the duration, resolved the same way, so a show that ends at 03:00 local
 * ends at 03:00 local even on a 23- or 25-hour day.
 */
export function occurrencesBetween(rec: Recurrence, window: Window): Occurrence[] {
  const tz = rec.timezone;
  const dtstartWall = instantToWall(tz, rec.startsAtMs);
  const walls = rec.rrule ? expandRule(rec, dtstartWall, window) : [dtstartWall];
  const exInstants = new Set(rec.exdatesMs ?? []);
  const exWalls = new Set((rec.exdatesMs ?? []).map((ex) => instantToWall(tz, ex)));
  const out: Occurrence[] = [];
  for (const wall of walls) {
    const startMs = wall === dtstartWall ? rec.startsAtMs : wallToInstant(tz, wall);
    if (exInstants.has(startMs) || exWalls.has(wall)) continue;
    const endMs = endOf(tz, wall, startMs, rec.durationMs);
    const shifted = instantToWall(tz, startMs) !== wall;
    if (startMs < window.endMs && endMs > window.startMs) {
      out.push({ startMs, endMs, wallStartMs: wall, shifted });
    }
  }
  return out;
}

// The end honours the local clock (a show billed 01:00–03:00 ends at 03:00 local on a 23- or
// 25-hour day too). When the whole occurrence lies in a spring gap the local end is no later
// than the moved start; the show then keeps its length, so a gap never silently drops a show.
function endOf(tz: string, wall: number, startMs: number, durationMs: number): number {
  const end = wallToInstant(tz, wall + durationMs);
  return end > startMs ? end : startMs + durationMs;
}

function expandRule(rec: Recurrence, dtstartWall: number, window: Window): number[] {
  const rule = floatingRule(rec.rrule ?? '', dtstartWall, (ms) => instantToWall(rec.timezone, ms));
  // Widen by a day each side: offsets differ by at most ~26 h between any two zones' walls.
  return expandFloating(rule, window.startMs - rec.durationMs - DAY_MS, window.endMs + DAY_MS);
}

/** Applies RECURRENCE-ID style exceptions: cancel or move single instances. */
export function applyExceptions(
  occurrences: readonly Occurrence[],
  exceptions: readonly RecurrenceException[],
  tz: string,
  window: Window,
): Occurrence[] {
  const byStart = new Map(exceptions.map((e) => [e.originalStartsAtMs, e]));
  const out: Occurrence[] = [];
  for (const occ of occurrences) {
    const ex = byStart.get(occ.startMs);
    if (ex === undefined) {
      out.push(occ);
      continue;
    }
    if (ex.cancelled) continue;
    const startMs = ex.startsAtMs ?? occ.startMs;
    const endMs = startMs + (ex.durationMs ?? occ.endMs - occ.startMs);
    if (startMs < window.endMs && endMs > window.startMs) {
      out.push({ startMs, endMs, wallStartMs: instantToWall(tz, startMs), shifted: false });
    }
  }
  return out.sort((a, b) => a.startMs - b.startMs);
}

/**
 * Throws a RangeError (a RecurrenceRuleError naming the limit for policy refusals) when an
 * RRULE body is not one a station schedule accepts, starting at `startsAtMs` in `timezone`.
 */
export function assertValidRrule(rrule: string, startsAtMs: number, timezone: string): void {
  checkRulePolicy(rrule);
  const wall = (ms: number) => instantToWall(timezone, ms);
  assertFirstOccurrenceSoon(floatingRule(rrule, wall(startsAtMs), wall));
}
