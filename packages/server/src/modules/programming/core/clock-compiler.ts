import type { ClockHoursRule, ClockSlotPayload, ClockSlotType } from '@grimnir/contracts';
import { localParts } from './time-zone.js';

export interface ClockSlot {
  offsetMs: number;
  type: ClockSlotType;
  payload: ClockSlotPayload;
}

export interface ClockDef {
  id: string;
  name: string;
  slots: readonly ClockSlot[];
  /** Where the clock applies by itself (ISO weekdays and local hours); empty = only by entry. */
  hours: readonly ClockHoursRule[];
  /** Wins when several clocks claim the same local hour. */
  priority: number;
}

/** One real hour of the station's local clock: 23 of them on a spring day, 25 in autumn. */
export interface HourSegment {
  startMs: number;
  endMs: number;
  weekday: number;
  hour: number;
}

export interface SlotInstance {
  clockId: string;
  slotIndex: number;
  type: ClockSlotType;
  payload: ClockSlotPayload;
  startMs: number;
  endMs: number;
  /** The slot's content must start exactly at startMs (the previous item is cut if needed). */
  hardStart: boolean;
}

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/**
 * Real hours covering `window`, labelled with the local weekday and hour they show on the
 * station's wall clock. Walking instants rather than local labels is what keeps DST honest: the
 * skipped spring hour has no segment, the repeated autumn hour has two, and nothing overlaps.
 */
export function localHours(tz: string, window: { startMs: number; endMs: number }): HourSegment[] {
  const first = localParts(tz, window.startMs);
  let start = window.startMs - first.minute * MINUTE_MS - (window.startMs % MINUTE_MS);
  const out: HourSegment[] = [];
  for (let guard = 0; start < window.endMs && guard < 100_000; guard++) {
    const end = nextHourBoundary(tz, start);
    const parts = localParts(tz, start);
    out.push({ startMs: start, endMs: end, weekday: parts.weekday, hour: parts.hour });
    start = end;
  }
  return out;
}

// Offsets change by whole hours in all but a handful of zones; where a change is not a whole
// hour (Lord Howe) the boundary snaps to the next local :00 so hours still tile.
function nextHourBoundary(tz: string, startMs: number): number {
  const candidate = startMs + HOUR_MS;
  const minute = localParts(tz, candidate).minute;
  if (minute === 0) return candidate;
  const back = candidate - minute * MINUTE_MS;
  return back > startMs ? back : candidate + (60 - minute) * MINUTE_MS;
}

function clockApplies(clock: ClockDef, weekday: number, hour: number): boolean {
  return clock.hours.some((rule) => rule.days.includes(weekday) && rule.hours.includes(hour));
}

/** The clock for a local hour: highest priority, then id, so the choice is stable. */
export function clockForHour(
  clocks: readonly ClockDef[],
  weekday: number,
  hour: number,
): ClockDef | undefined {
  let best: ClockDef | undefined;
  for (const clock of clocks) {
    if (!clockApplies(clock, weekday, hour)) continue;
    if (
      best === undefined ||
      clock.priority > best.priority ||
      (clock.priority === best.priority && clock.id < best.id)
    ) {
      best = clock;
    }
  }
  return best;
}

/**
 * The clock's slots laid onto one real hour. A slot runs until the next slot's offset (the last
 * until the end of the hour); slots beyond a short hour are dropped and the last one is cut.
 * Time before the first offset is left uncovered for the planner's fallback fill.
 */
export function compileClockHour(clock: ClockDef, hour: HourSegment): SlotInstance[] {
  const ordered = clock.slots
    .map((slot, slotIndex) => ({ slot, slotIndex }))
    .sort((a, b) => a.slot.offsetMs - b.slot.offsetMs || a.slotIndex - b.slotIndex);
  const out: SlotInstance[] = [];
  ordered.forEach(({ slot, slotIndex }, i) => {
    const startMs = hour.startMs + slot.offsetMs;
    const next = ordered[i + 1];
    const nominalEnd = next === undefined ? hour.endMs : hour.startMs + next.slot.offsetMs;
    const endMs = Math.min(nominalEnd, hour.endMs);
    if (endMs <= startMs) return;
    out.push({
      clockId: clock.id,
      slotIndex,
      type: slot.type,
      payload: slot.payload,
      startMs,
      endMs,
      hardStart: slot.type === 'hard_item' || slot.type === 'live' || i === 0,
    });
  });
  return out;
}

/** Problems an operator should see before saving a clock (overlapping offsets, empty refs). */
export function clockProblems(slots: readonly ClockSlot[]): string[] {
  const problems: string[] = [];
  const offsets = new Set<number>();
  for (const [i, slot] of slots.entries()) {
    if (offsets.has(slot.offsetMs))
      problems.push(`slot ${i}: two slots at offset ${slot.offsetMs}`);
    offsets.add(slot.offsetMs);
    const missing = requiredPayload(slot);
    if (missing !== undefined) problems.push(`slot ${i}: ${slot.type} needs payload.${missing}`);
  }
  return problems;
}

function requiredPayload(slot: ClockSlot): string | undefined {
  const p = slot.payload;
  switch (slot.type) {
    case 'smart_block':
      return p.smart_block_id === undefined ? 'smart_block_id' : undefined;
    case 'playlist':
      return p.playlist_id === undefined ? 'playlist_id' : undefined;
    case 'hard_item':
      return p.media_id === undefined ? 'media_id' : undefined;
    case 'stopset':
      return p.media_ids === undefined || p.media_ids.length === 0 ? 'media_ids' : undefined;
    case 'webstream':
      return p.webstream_id === undefined ? 'webstream_id' : undefined;
    case 'live':
      return undefined;
  }
}
