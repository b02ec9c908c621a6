import type { PlanEntry } from './plan-types.js';
import { findConflicts } from './conflicts.js';
import { applyExceptions, occurrencesBetween } from './recurrence.js';

export interface EntryOverlap {
  ids: [string, string];
  startMs: number;
  endMs: number;
}

const YEAR_MS = 366 * 86_400_000;

function spans(entry: PlanEntry, window: { startMs: number; endMs: number }) {
  const raw = occurrencesBetween(entry.recurrence, window);
  const occ = applyExceptions(raw, entry.exceptions ?? [], entry.recurrence.timezone, window);
  return occ.map((o) => ({ startMs: o.startMs, endMs: o.endMs, id: entry.id }));
}

/** Every overlap between entries inside `window` (validate reports these). */
export function entryOverlaps(
  entries: readonly PlanEntry[],
  window: { startMs: number; endMs: number },
): EntryOverlap[] {
  return findConflicts(entries.flatMap((e) => spans(e, window))).map((c) => ({
    ids: [c.a.id, c.b.id],
    startMs: c.startMs,
    endMs: c.endMs,
  }));
}

/**
 * Overlaps a new or changed entry would create, checked over a year from its first occurrence
 * that is still relevant (an open-ended rule cannot be checked forever; a year covers every
 * weekly/monthly/yearly pattern at least once and DST changes twice).
 */
export function overlapsOf(
  candidate: PlanEntry,
  others: readonly PlanEntry[],
  nowMs: number,
): EntryOverlap[] {
  const startMs = Math.max(candidate.recurrence.startsAtMs, nowMs - 86_400_000);
  const window = { startMs, endMs: startMs + YEAR_MS };
  const mine = spans(candidate, window);
  if (mine.length === 0) return [];
  const theirs = others.filter((o) => o.id !== candidate.id).flatMap((o) => spans(o, window));
  return findConflicts([...mine, ...theirs])
    .filter((c) => (c.a.id === candidate.id) !== (c.b.id === candidate.id))
    .map((c) => ({ ids: [c.a.id, c.b.id] as [string, string], startMs: c.startMs, endMs: c.endMs }))
    .slice(0, 100);
}
