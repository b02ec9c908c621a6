import { IANAZone } from 'luxon';

// "Wall" times are floating milliseconds: the local calendar fields of a zone encoded as if
// they were UTC (Date.UTC(y, m, d, h, ...)). They make local arithmetic ("+1 week at 09:00")
// trivial and keep the zone-dependent step in exactly two functions below.

const DAY_MS = 86_400_000;
const zones = new Map<string, IANAZone>();

function zoneOf(tz: string): IANAZone {
  let zone = zones.get(tz);
  if (zone === undefined) {
    zone = IANAZone.create(tz);
    if (!zone.isValid) throw new RangeError(`unknown time zone: ${tz}`);
    zones.set(tz, zone);
  }
  return zone;
}

const HOUR_MS = 3_600_000;
const offsetCache = new Map<string, number>();

function exactOffset(tz: string, instantMs: number): number {
  return zoneOf(tz).offset(instantMs) * 60_000;
}

/**
 * UTC offset in ms in force at `instantMs`. Luxon asks Intl for every call (microseconds each,
 * and an expansion makes about ten per occurrence), so offsets are cached per zone and hour:
 * when the offset is the same at both ends of an hour, no transition lies inside it (zones
 * change offset at most once in any hour), and every instant in it shares that offset.
 */
function offsetAt(tz: string, instantMs: number): number {
  const hour = Math.floor(instantMs / HOUR_MS);
  const key = `${tz}|${hour}`;
  let cached = offsetCache.get(key);
  if (cached === undefined) {
    const start = exactOffset(tz, hour * HOUR_MS);
    cached = start === exactOffset(tz, (hour + 1) * HOUR_MS - 1) ? start : NaN;
    if (offsetCache.size >= 200_000) offsetCache.clear();
    offsetCache.set(key, cached);
  }
  return Number.isNaN(cached) ? exactOffset(tz, instantMs) : cached;
}

export function instantToWall(tz: string, instantMs: number): number {
  return instantMs + offsetAt(tz, instantMs);
}

/**
 * Local wall time → instant with RFC 5545 semantics (section 3.3.5): a time that occurs twice
 * (autumn overlap) means its first occurrence; a time that does not exist (spring gap) is
 * interpreted with the offset before the gap, i.e. shifted forward by the gap's length.
 */
export function wallToInstant(tz: string, wallMs: number): number {
  const before = offsetAt(tz, wallMs - DAY_MS);
  const after = offsetAt(tz, wallMs + DAY_MS);
  const valid = [before, after]
    .map((offset) => wallMs - offset)
    .filter((instant) => instantToWall(tz, instant) === wallMs);
  if (valid.length > 0) return Math.min(...valid);
  return wallMs - before;
}

interface LocalParts {
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  hour: number;
  minute: number;
  /** Floating ms of local midnight of that day. */
  dayWallMs: number;
}

export function localParts(tz: string, instantMs: number): LocalParts {
  const wall = instantToWall(tz, instantMs);
  const d = new Date(wall);
  return {
    weekday: ((d.getUTCDay() + 6) % 7) + 1,
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    dayWallMs: Math.floor(wall / DAY_MS) * DAY_MS,
  };
}

/** Formats an instant as RFC 3339 with the zone's offset (e.g. 2026-03-29T09:00:00+01:00). */
export function formatInZone(tz: string, instantMs: number): string {
  const offset = offsetAt(tz, instantMs);
  const wall = new Date(instantMs + offset).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset) / 60_000;
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${wall}${sign}${hh}:${mm}`;
}
