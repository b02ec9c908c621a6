import type { Data } from '../../api/types';

// The clock editor's pure logic: slots by offset within one hour, boundaries moved by dragging
// (snapped to the minute, never past a neighbour), and the hours rules as an operator reads them.

export type Clock = Data<'/api/v1/clocks/{id}'>;
export type Slot = Clock['slots'][number];
export type SlotType = Slot['type'];
export type HoursRule = Clock['hours'][number];

export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

export const SLOT_TYPES: { value: SlotType; label: string; color: string }[] = [
  { value: 'smart_block', label: 'Smart block', color: 'teal' },
  { value: 'playlist', label: 'Playlist', color: 'blue' },
  { value: 'hard_item', label: 'Hard-timed item', color: 'orange' },
  { value: 'stopset', label: 'Stopset (ads, jingles)', color: 'yellow' },
  { value: 'webstream', label: 'Webstream', color: 'cyan' },
  { value: 'live', label: 'Live', color: 'grape' },
];

export function slotTypeInfo(type: SlotType) {
  return SLOT_TYPES.find((t) => t.value === type) ?? { value: type, label: type, color: 'gray' };
}

interface SlotSpan {
  index: number;
  startMs: number;
  endMs: number;
  slot: Slot;
}

/** Slots in offset order, each running to the next one's offset (the last to the hour's end). */
export function slotSpans(slots: readonly Slot[]): SlotSpan[] {
  const ordered = slots
    .map((slot, index) => ({ slot, index }))
    .sort((a, b) => a.slot.offset_ms - b.slot.offset_ms);
  return ordered.map((o, i) => ({
    index: o.index,
    slot: o.slot,
    startMs: o.slot.offset_ms,
    endMs: ordered[i + 1]?.slot.offset_ms ?? HOUR_MS,
  }));
}

/** Sorted by offset, as the server stores and compiles them. */
export function sortSlots(slots: readonly Slot[]): Slot[] {
  return [...slots].sort((a, b) => a.offset_ms - b.offset_ms);
}

/**
 * Moves the start of the slot at `position` (in offset order) to `offsetMs`, snapped to the
 * minute and kept at least a minute after the previous slot's start and before the next one's.
 * The first slot may start after :00 (the fallback fills the time before it).
 */
export function moveBoundary(slots: readonly Slot[], position: number, offsetMs: number): Slot[] {
  const sorted = sortSlots(slots);
  const target = sorted[position];
  if (target === undefined) return sorted;
  const prev = sorted[position - 1];
  const next = sorted[position + 1];
  const min = prev === undefined ? 0 : prev.offset_ms + MINUTE_MS;
  const max = (next?.offset_ms ?? HOUR_MS) - MINUTE_MS;
  const snapped = Math.round(offsetMs / MINUTE_MS) * MINUTE_MS;
  const clamped = Math.min(max, Math.max(min, snapped));
  return sorted.map((s, i) => (i === position ? { ...s, offset_ms: clamped } : s));
}

/** Adds a slot in the middle of the longest one, of the same type and source. */
export function addSlot(slots: readonly Slot[]): Slot[] {
  const spans = slotSpans(slots);
  let longest = spans[0];
  for (const s of spans)
    if (longest === undefined || s.endMs - s.startMs > longest.endMs - longest.startMs) longest = s;
  if (longest === undefined) return [{ offset_ms: 0, type: 'smart_block', payload: {} }];
  if (longest.endMs - longest.startMs < 2 * MINUTE_MS) return [...slots];
  const mid = Math.round((longest.startMs + longest.endMs) / 2 / MINUTE_MS) * MINUTE_MS;
  return sortSlots([
    ...slots,
    { ...longest.slot, offset_ms: mid, payload: { ...longest.slot.payload } },
  ]);
}

/** What must be filled in before the server would accept (or the planner could play) a slot. */
export function slotProblem(slot: Slot): string | undefined {
  const p = slot.payload;
  switch (slot.type) {
    case 'smart_block':
      return p.smart_block_id ? undefined : 'choose a smart block';
    case 'playlist':
      return p.playlist_id ? undefined : 'choose a playlist';
    case 'hard_item':
      return p.media_id ? undefined : 'choose an item';
    case 'stopset':
      return p.media_ids && p.media_ids.length > 0 ? undefined : 'add at least one item';
    case 'webstream':
      return p.webstream_id ? undefined : 'choose a webstream';
    case 'live':
      return undefined;
  }
}

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Runs of consecutive numbers: [1,2,3,5] → [[1,3],[5,5]]. */
function runs(values: readonly number[]): [number, number][] {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (const v of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && last[1] === v - 1) last[1] = v;
    else out.push([v, v]);
  }
  return out;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "Mon–Fri 06:00–10:00", "every day, all hours": the rule as the wall clock reads it. */
export function describeRule(rule: HoursRule): string {
  const days =
    rule.days.length === 7
      ? 'every day'
      : runs(rule.days)
          .map(([a, b]) => (a === b ? DAY_NAMES[a - 1] : `${DAY_NAMES[a - 1]}–${DAY_NAMES[b - 1]}`))
          .join(', ');
  const hours =
    rule.hours.length === 24
      ? 'all hours'
      : runs(rule.hours)
          .map(([a, b]) => `${pad(a)}:00–${pad(b + 1)}:00`)
          .join(', ');
  return `${days}, ${hours}`;
}

export { DAY_NAMES };
