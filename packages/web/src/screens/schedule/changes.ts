import type { paths } from '../../api/schema';
import type { Data } from '../../api/types';
import type { Occurrence } from './calendar-model';
import { addWall, dayDelta, shiftDays, wallDelta } from './recurrence';

// A block moved or resized on the calendar, turned into the one request that makes it so, for
// the scope the operator chose. Moves are measured on the station's wall clock, so "all"
// keeps every occurrence at the same local time across DST.

export type Scope = 'this' | 'following' | 'all';
export type ShowRow = Data<'/api/v1/shows/{id}'>;
export type EntryRow = Data<'/api/v1/schedule/{id}'>;

type Body<P extends keyof paths, M extends 'patch' | 'post'> = paths[P] extends {
  [K in M]: { requestBody?: { content: { 'application/json': infer B } } };
}
  ? B
  : never;
export type ShowPatch = Body<'/api/v1/shows/{id}', 'patch'>;
type EntryPatch = Body<'/api/v1/schedule/{id}', 'patch'>;

export type Change =
  | { kind: 'patch-show'; id: string; body: ShowPatch }
  | { kind: 'split-show'; id: string; at: string; changes: ShowPatch }
  | { kind: 'patch-entry'; id: string; body: EntryPatch };

const ms = (iso: string) => Date.parse(iso);

export function showChange(
  show: ShowRow,
  occ: Occurrence,
  start: string,
  end: string,
  scope: Scope,
  timezone: string,
): Change {
  const duration = ms(end) - ms(start);
  const isFirst = ms(occ.original_starts_at) === ms(show.starts_at);
  if (show.rrule !== null && scope === 'this') {
    const others = show.exceptions.filter(
      (x) => ms(x.original_starts_at) !== ms(occ.original_starts_at),
    );
    return {
      kind: 'patch-show',
      id: show.id,
      body: {
        exceptions: [
          ...others,
          {
            original_starts_at: occ.original_starts_at,
            cancelled: false,
            starts_at: start,
            duration_ms: duration,
          },
        ],
      },
    };
  }
  const days = dayDelta(occ.starts_at, start, timezone);
  if (show.rrule !== null && scope === 'following' && !isFirst) {
    return {
      kind: 'split-show',
      id: show.id,
      at: occ.original_starts_at,
      changes: { starts_at: start, duration_ms: duration, rrule: shiftDays(show.rrule, days) },
    };
  }
  const delta = wallDelta(occ.starts_at, start, timezone);
  return {
    kind: 'patch-show',
    id: show.id,
    body: {
      starts_at: addWall(show.starts_at, delta, timezone),
      duration_ms: duration,
      rrule: shiftDays(show.rrule, days),
      // Exceptions name occurrences by their original start, which a move changes.
      ...(delta !== 0 && { exceptions: [] }),
    },
  };
}

/** Entries have no exceptions: a move changes the whole series. */
export function entryChange(
  entry: EntryRow,
  occ: Occurrence,
  start: string,
  end: string,
  timezone: string,
): Change {
  const delta = wallDelta(occ.starts_at, start, timezone);
  const starts = addWall(entry.starts_at, delta, timezone);
  return {
    kind: 'patch-entry',
    id: entry.id,
    body: {
      starts_at: starts,
      ends_at: new Date(ms(starts) + ms(end) - ms(start)).toISOString(),
      rrule: shiftDays(entry.rrule, dayDelta(occ.starts_at, start, timezone)),
    },
  };
}
