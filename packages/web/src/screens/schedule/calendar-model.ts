import { DateTime } from 'luxon';
import type { Data } from '../../api/types';

// What the calendar draws, from the server's expanded occurrences, the clocks and the real
// length of each local day. Pure, so DST and conflicts are tested without a browser.

export type Calendar = Data<'/api/v1/schedule/calendar'>;
export type Occurrence = Calendar['occurrences'][number];
type ClockRow = Data<'/api/v1/clocks'>[number];

export interface Conflict {
  ids: string[];
  starts_at: string;
  ends_at: string;
}

export interface Block {
  id: string;
  title: string;
  start: string;
  end: string;
  kind: 'show' | 'entry' | 'clock' | 'dst' | 'conflict';
  color: string;
  occurrence?: Occurrence;
  conflict?: boolean;
  /** Drawn behind the programme (clock hours, DST notes, a refused change's overlap). */
  background: boolean;
  /** A clock hour that follows an hour of the same clock: drawn without repeating the name. */
  continued?: boolean;
}

const SOURCE_COLOR: Record<string, string> = {
  live: 'grape',
  smart_block: 'teal',
  playlist: 'blue',
  clock: 'indigo',
  webstream: 'cyan',
  media: 'orange',
};

export function sourceColor(type: string | undefined): string {
  return type === undefined ? 'gray' : (SOURCE_COLOR[type] ?? 'gray');
}

/** The block id of one occurrence: its series and the start the series gave it. */
const occurrenceKey = (o: Occurrence) => `${o.kind}:${o.id}:${o.original_starts_at}`;

const overlaps = (
  a: { starts_at: string; ends_at: string },
  b: { starts_at: string; ends_at: string },
) =>
  Date.parse(a.starts_at) < Date.parse(b.ends_at) &&
  Date.parse(b.starts_at) < Date.parse(a.ends_at);

/** Shows and entries as blocks; those a refused change collided with are marked. */
export function occurrenceBlocks(
  occurrences: readonly Occurrence[],
  conflicts: readonly Conflict[],
  label: (o: Occurrence) => string,
): Block[] {
  return occurrences.map((o) => ({
    id: occurrenceKey(o),
    title: label(o),
    start: o.starts_at,
    end: o.ends_at,
    kind: o.kind,
    color: o.kind === 'show' && o.source === null ? 'gray' : sourceColor(o.source?.type),
    occurrence: o,
    conflict: conflicts.some((c) => c.ids.includes(o.id) && overlaps(o, c)),
    background: false,
  }));
}

/** Where a refused change would have overlapped: drawn red behind the blocks. */
export function conflictBlocks(conflicts: readonly Conflict[]): Block[] {
  return conflicts.map((c, i) => ({
    id: `conflict:${i}`,
    title: 'Conflict',
    start: c.starts_at,
    end: c.ends_at,
    kind: 'conflict',
    color: 'red',
    background: true,
  }));
}

/** The clock that owns a local hour: highest priority, then id (as the planner decides). */
function clockFor(clocks: readonly ClockRow[], weekday: number, hour: number) {
  let best: ClockRow | undefined;
  for (const c of clocks) {
    if (!c.hours.some((r) => r.days.includes(weekday) && r.hours.includes(hour))) continue;
    if (
      best === undefined ||
      c.priority > best.priority ||
      (c.priority === best.priority && c.id < best.id)
    )
      best = c;
  }
  return best;
}

/**
 * One block per real hour a clock owns, walking instants through each local day: a
 * spring-forward day yields 23, a fall-back day 25 (the repeated hour twice).
 */
export function clockHourBlocks(
  days: Calendar['days'],
  clocks: readonly ClockRow[],
  timezone: string,
): Block[] {
  const out: Block[] = [];
  for (const day of days) {
    const end = Date.parse(day.ends_at);
    for (let t = Date.parse(day.starts_at); t < end; t += 3_600_000) {
      const local = DateTime.fromMillis(t, { zone: timezone });
      const clock = clockFor(clocks, local.weekday, local.hour);
      if (clock === undefined) continue;
      const prev = out[out.length - 1];
      out.push({
        // Named again at the top of each day, so every column says which clock it is.
        continued:
          t !== Date.parse(day.starts_at) &&
          prev !== undefined &&
          prev.title === clock.name &&
          Date.parse(prev.end) === t,
        id: `clock:${clock.id}:${t}`,
        title: clock.name,
        start: new Date(t).toISOString(),
        end: new Date(Math.min(t + 3_600_000, end)).toISOString(),
        kind: 'clock',
        color: 'indigo',
        background: true,
      });
    }
  }
  return out;
}

export interface DstNote {
  date: string;
  hours: number;
  text: string;
  /** The local wall hour that is skipped (spring) or repeated (autumn), e.g. 2 for 02:00–03:00. */
  wallHour: number | undefined;
}

/** What to say on a day that is not 24 hours long in the station zone. */
export function dstNotes(days: Calendar['days'], timezone: string): DstNote[] {
  return days
    .filter((d) => d.hours !== 24)
    .map((d) => {
      const wallHour = changedWallHour(d, timezone);
      const at =
        wallHour === undefined
          ? ''
          : `${String(wallHour).padStart(2, '0')}:00–${String(wallHour + 1).padStart(2, '0')}:00 `;
      const text =
        d.hours < 24
          ? `${d.hours}-hour day: clocks go forward, ${at}does not exist`
          : `${d.hours}-hour day: clocks go back, ${at}happens twice`;
      return { date: d.date, hours: d.hours, text, wallHour };
    });
}

// The local hour label missing from (or repeated in) the day's run of real hours.
function changedWallHour(day: Calendar['days'][number], timezone: string): number | undefined {
  const seen = new Map<number, number>();
  for (let t = Date.parse(day.starts_at); t < Date.parse(day.ends_at); t += 3_600_000) {
    const h = DateTime.fromMillis(t, { zone: timezone }).hour;
    seen.set(h, (seen.get(h) ?? 0) + 1);
  }
  for (let h = 0; h < 24; h++) {
    if (day.hours < 24 && !seen.has(h)) return h;
    if (day.hours > 24 && (seen.get(h) ?? 0) > 1) return h;
  }
  return undefined;
}
