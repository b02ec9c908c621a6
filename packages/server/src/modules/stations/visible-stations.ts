import type { StationRow } from './stations.repository.js';

/**
 * The stations one caller may list, in the catalogue's order: anonymous callers ('public') see
 * public active stations, members the stations they belong to, admins ('all') every one.
 */
export function visibleStations(
  all: StationRow[],
  view: 'public' | 'all' | readonly string[],
): StationRow[] {
  if (view === 'all') return all;
  if (view === 'public') return all.filter((s) => s.public && s.active);
  if (view.length === 0) return [];
  const ids = new Set(view);
  return all.filter((s) => ids.has(s.id));
}
