import { DateTime } from 'luxon';

// The recurrence editor's model: the repeats an operator picks (daily, weekdays, weekly on
// days; until a date or a number of times) as RRULE bodies the server expands in the station
// zone, and back. Rules the editor cannot show (monthly, intervals) stay as they are.

export type Ending =
  { kind: 'never' } | { kind: 'until'; date: string } | { kind: 'count'; count: number };
export type Repeat =
  | { kind: 'none' }
  | { kind: 'daily'; ending: Ending }
  | { kind: 'weekdays'; ending: Ending }
  | { kind: 'weekly'; days: number[]; ending: Ending };

const CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const WEEKDAYS = 'MO,TU,WE,TH,FR';

function parts(rrule: string): Map<string, string> {
  return new Map(
    rrule
      .replace(/^RRULE:/, '')
      .split(';')
      .map((p) => {
        const [k = '', v = ''] = p.split('=');
        return [k, v] as const;
      }),
  );
}

function endingText(e: Ending, timezone: string): string {
  if (e.kind === 'count') return `;COUNT=${e.count}`;
  if (e.kind === 'never') return '';
  // The last day counts whole: until the end of that local day, as an instant (RFC 5545).
  const end = DateTime.fromISO(e.date, { zone: timezone }).endOf('day').toUTC();
  return `;UNTIL=${end.toFormat("yyyyLLdd'T'HHmmss'Z'")}`;
}

/** The RRULE body for a repeat (null: does not repeat). Days are ISO weekdays 1–7. */
export function toRrule(r: Repeat, timezone: string): string | null {
  switch (r.kind) {
    case 'none':
      return null;
    case 'daily':
      return `FREQ=DAILY${endingText(r.ending, timezone)}`;
    case 'weekdays':
      return `FREQ=WEEKLY;BYDAY=${WEEKDAYS}${endingText(r.ending, timezone)}`;
    case 'weekly': {
      const days = [...new Set(r.days)].sort((a, b) => a - b).map((d) => CODES[d - 1]);
      return `FREQ=WEEKLY;BYDAY=${days.join(',')}${endingText(r.ending, timezone)}`;
    }
  }
}

/** The editor's view of a rule, or undefined when the editor cannot show it (kept as is). */
export function fromRrule(rrule: string | null, timezone: string): Repeat | undefined {
  if (rrule === null) return { kind: 'none' };
  const p = parts(rrule);
  const known = new Set(['FREQ', 'BYDAY', 'UNTIL', 'COUNT', 'WKST']);
  if ([...p.keys()].some((k) => !known.has(k))) return undefined;
  let ending: Ending = { kind: 'never' };
  const count = p.get('COUNT');
  const until = p.get('UNTIL');
  if (count !== undefined) ending = { kind: 'count', count: Number(count) };
  else if (until !== undefined) {
    const at = DateTime.fromFormat(until.replace(/Z$/, ''), "yyyyLLdd'T'HHmmss", { zone: 'utc' });
    if (!at.isValid) return undefined;
    ending = { kind: 'until', date: at.setZone(timezone).toISODate() ?? '' };
  }
  const byday = p.get('BYDAY');
  if (p.get('FREQ') === 'DAILY' && byday === undefined) return { kind: 'daily', ending };
  if (p.get('FREQ') !== 'WEEKLY') return undefined;
  if (byday === WEEKDAYS) return { kind: 'weekdays', ending };
  if (byday === undefined) return undefined;
  const days = byday.split(',').map((c) => CODES.indexOf(c) + 1);
  if (days.some((d) => d === 0)) return undefined;
  return { kind: 'weekly', days, ending };
}

/** Moves a rule's BYDAY days by whole days (an occurrence dragged from Monday to Tuesday). */
export function shiftDays(rrule: string | null, days: number): string | null {
  if (rrule === null || days % 7 === 0) return rrule;
  const p = parts(rrule);
  const byday = p.get('BYDAY');
  if (byday === undefined) return rrule;
  const shifted = byday.split(',').map((c) => {
    const i = CODES.indexOf(c);
    return i < 0 ? c : CODES[(((i + days) % 7) + 7) % 7];
  });
  p.set('BYDAY', shifted.join(','));
  return [...p].map(([k, v]) => `${k}=${v}`).join(';');
}

/** Wall-clock milliseconds of an instant in the zone (as though the zone had no offset). */
function wallMs(iso: string, timezone: string): number {
  const t = DateTime.fromISO(iso, { zone: timezone });
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
}

/**
 * How far a drag moved an occurrence on the station's wall clock: the same delta applied to
 * another occurrence keeps its local time across a DST change.
 */
export function wallDelta(fromIso: string, toIso: string, timezone: string): number {
  return wallMs(toIso, timezone) - wallMs(fromIso, timezone);
}

/** An instant moved by a wall-clock delta in the zone, as an ISO string with its offset. */
export function addWall(iso: string, deltaMs: number, timezone: string): string {
  const w = new Date(wallMs(iso, timezone) + deltaMs);
  const moved = DateTime.fromObject(
    {
      year: w.getUTCFullYear(),
      month: w.getUTCMonth() + 1,
      day: w.getUTCDate(),
      hour: w.getUTCHours(),
      minute: w.getUTCMinutes(),
      second: w.getUTCSeconds(),
    },
    { zone: timezone },
  );
  return moved.toISO({ suppressMilliseconds: true }) ?? iso;
}

/** Whole local days between two instants' dates in the zone. */
export function dayDelta(fromIso: string, toIso: string, timezone: string): number {
  const a = DateTime.fromISO(fromIso, { zone: timezone }).startOf('day');
  const b = DateTime.fromISO(toIso, { zone: timezone }).startOf('day');
  return Math.round(b.diff(a, 'days').days);
}
