import type { ScheduleSource } from '@grimnir/contracts';
import {
  clockForHour,
  compileClockHour,
  localHours,
  type ClockDef,
  type HourSegment,
  type SlotInstance,
} from './clock-compiler.js';
import { findConflicts, resolveOverlaps, subtract, type Span } from './conflicts.js';
import { applyExceptions, occurrencesBetween } from './recurrence.js';
import type { EntryConflict, PlanEntry, StationPlanInput } from './plan-types.js';

export type SegmentContent =
  | { type: 'smart_block'; id: string }
  | { type: 'playlist'; id: string }
  | { type: 'media'; id: string }
  | { type: 'hard_item'; mediaId: string }
  | { type: 'stopset'; mediaIds: readonly string[] }
  | { type: 'webstream'; id: string }
  | { type: 'live'; label: string | null }
  | { type: 'fallback' };

/** A stretch of air time with exactly one programme source. Segments tile the horizon. */
export interface Segment extends Span {
  content: SegmentContent;
  entryId: string | null;
  clockId: string | null;
  hardStart: boolean;
}

const WEEK_MS = 7 * 86_400_000;

/**
 * Layers, strongest first: schedule entries and shows (overlaps resolved by priority), then the
 * hour clocks that apply to each local hour, then the fallback programme in whatever is left,
 * split at hour boundaries so that each piece stays stable as the lookahead window slides.
 */
export function buildSegments(
  input: StationPlanInput,
  range: Span,
): { segments: Segment[]; conflicts: EntryConflict[]; hours: HourSegment[] } {
  const hours = localHours(input.timezone, range);
  const { pieces, conflicts } = entryPieces(input.entries, range);
  const clocks = new Map(input.clocks.map((c) => [c.id, c]));
  const segments: Segment[] = [];
  for (const piece of pieces) segments.push(...entrySegments(piece, hours, clocks));
  const taken = segments.map((s) => ({ startMs: s.startMs, endMs: s.endMs }));
  for (const hour of hours) {
    const clock = clockForHour(input.clocks, hour.weekday, hour.hour);
    if (clock === undefined) continue;
    for (const slot of compileClockHour(clock, hour)) {
      for (const free of subtract(slot, sortSpans(taken))) {
        segments.push(slotSegment(slot, free, free.startMs === slot.startMs && slot.hardStart));
      }
    }
  }
  const covered = sortSpans(segments.map((s) => ({ startMs: s.startMs, endMs: s.endMs })));
  for (const hour of hours) {
    for (const gap of subtract(hour, covered)) {
      segments.push({
        ...gap,
        content: { type: 'fallback' },
        entryId: null,
        clockId: null,
        hardStart: false,
      });
    }
  }
  segments.sort((a, b) => a.startMs - b.startMs);
  return { segments, conflicts, hours };
}

function sortSpans(spans: Span[]): Span[] {
  return spans.sort((a, b) => a.startMs - b.startMs);
}

interface EntryPiece extends Span {
  entry: PlanEntry;
  hardStart: boolean;
}

function entryPieces(entries: readonly PlanEntry[], range: Span) {
  const occurrences = entries.flatMap((entry) => {
    const widened = entry.exceptions?.length
      ? { startMs: range.startMs - WEEK_MS, endMs: range.endMs + WEEK_MS }
      : range;
    const raw = occurrencesBetween(entry.recurrence, widened);
    const occ = applyExceptions(raw, entry.exceptions ?? [], entry.recurrence.timezone, range);
    return occ.map((o) => ({ ...o, priority: entry.priority, key: entry.id, entry }));
  });
  const conflicts: EntryConflict[] = findConflicts(occurrences).map((c) => ({
    entryIds: [c.a.entry.id, c.b.entry.id],
    startMs: c.startMs,
    endMs: c.endMs,
  }));
  const pieces: EntryPiece[] = [];
  for (const p of resolveOverlaps(occurrences)) {
    const startMs = Math.max(p.startMs, range.startMs);
    const endMs = Math.min(p.endMs, range.endMs);
    if (endMs > startMs) {
      pieces.push({
        startMs,
        endMs,
        entry: p.source.entry,
        hardStart: startMs === p.source.startMs,
      });
    }
  }
  return { pieces, conflicts };
}

function entrySegments(
  piece: EntryPiece,
  hours: readonly HourSegment[],
  clocks: ReadonlyMap<string, ClockDef>,
): Segment[] {
  const { entry } = piece;
  if (entry.source.type !== 'clock') {
    return [
      {
        startMs: piece.startMs,
        endMs: piece.endMs,
        content: sourceContent(entry.source),
        entryId: entry.id,
        clockId: null,
        hardStart: piece.hardStart,
      },
    ];
  }
  const clock = entry.source.id === undefined ? undefined : clocks.get(entry.source.id);
  if (clock === undefined) return [];
  const out: Segment[] = [];
  for (const hour of hours) {
    if (hour.endMs <= piece.startMs || hour.startMs >= piece.endMs) continue;
    for (const slot of compileClockHour(clock, hour)) {
      const startMs = Math.max(slot.startMs, piece.startMs);
      const endMs = Math.min(slot.endMs, piece.endMs);
      if (endMs <= startMs) continue;
      const seg = slotSegment(slot, { startMs, endMs }, startMs === slot.startMs && slot.hardStart);
      out.push({ ...seg, entryId: entry.id });
    }
  }
  return out;
}

function sourceContent(source: ScheduleSource): SegmentContent {
  const id = source.id ?? '';
  switch (source.type) {
    case 'media':
      return { type: 'media', id };
    case 'playlist':
      return { type: 'playlist', id };
    case 'smart_block':
      return { type: 'smart_block', id };
    case 'webstream':
      return { type: 'webstream', id };
    case 'live':
      return { type: 'live', label: source.id ?? null };
    case 'clock':
      return { type: 'fallback' };
  }
}

function slotSegment(slot: SlotInstance, span: Span, hardStart: boolean): Segment {
  const p = slot.payload;
  const base = {
    startMs: span.startMs,
    endMs: span.endMs,
    entryId: null,
    clockId: slot.clockId,
    hardStart,
  };
  switch (slot.type) {
    case 'smart_block':
      return { ...base, content: { type: 'smart_block', id: p.smart_block_id ?? '' } };
    case 'playlist':
      return { ...base, content: { type: 'playlist', id: p.playlist_id ?? '' } };
    case 'hard_item':
      return { ...base, content: { type: 'hard_item', mediaId: p.media_id ?? '' } };
    case 'stopset':
      return { ...base, content: { type: 'stopset', mediaIds: p.media_ids ?? [] } };
    case 'webstream':
      return { ...base, content: { type: 'webstream', id: p.webstream_id ?? '' } };
    case 'live':
      return { ...base, content: { type: 'live', label: p.label ?? null } };
  }
}
