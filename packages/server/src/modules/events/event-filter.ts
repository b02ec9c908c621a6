import type { EventType, GrimnirEvent } from '@grimnir/contracts';

export interface Subscription {
  /** undefined = every type. */
  types: ReadonlySet<EventType> | undefined;
  /** Station ids the caller may see, or 'all' for admins. */
  visible: ReadonlySet<string> | 'all';
}

/** Whether one event goes to one subscriber: the type they asked for, on a station they see. */
export function eventVisibleTo(event: GrimnirEvent, sub: Subscription): boolean {
  if (sub.types !== undefined && !sub.types.has(event.type)) return false;
  return sub.visible === 'all' || sub.visible.has(event.payload.station_id);
}

/** `?types=a,b` → a set of known types; unknown names are returned for a 400. */
export function parseTypes(
  raw: string | undefined,
  known: readonly EventType[],
): { types: Set<EventType> | undefined; unknown: string[] } {
  if (raw === undefined || raw.trim() === '') return { types: undefined, unknown: [] };
  const names = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const knownSet = new Set<string>(known);
  const unknown = names.filter((n) => !knownSet.has(n));
  const types = new Set(names.filter((n): n is EventType => knownSet.has(n)));
  return { types, unknown };
}
