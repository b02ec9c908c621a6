import type { ScheduleSource } from '@grimnir/contracts';
import { listingsBetween, type Listing } from '../core/listings.js';
import type { ScheduleRepository } from '../schedule/schedule.repository.js';
import type { ShowsRepository } from '../schedule/shows.repository.js';
import type { ListingsRepository } from './listings.repository.js';

const FALLBACK_LABEL: Record<ScheduleSource['type'], string> = {
  live: 'Live',
  playlist: 'Music',
  smart_block: 'Music',
  clock: 'Music',
  media: 'Music',
  webstream: 'Relay',
};

/**
 * The station's programme as listeners read it — shows and entries with their names, one line
 * per occurrence — for the public schedule. Reads only; the planner decides what airs.
 */
export function createListingsService(d: {
  schedule: Pick<ScheduleRepository, 'listEntries'>;
  shows: Pick<ShowsRepository, 'listByStation'>;
  names: ListingsRepository;
}) {
  return {
    async between(
      stationId: string,
      timezone: string,
      window: { startMs: number; endMs: number },
    ): Promise<Listing[]> {
      const [shows, entries, names] = await Promise.all([
        d.shows.listByStation(stationId),
        d.schedule.listEntries(stationId),
        d.names.sourceNames(stationId),
      ]);
      const label = (s: ScheduleSource) =>
        (s.type !== 'live' && s.id !== undefined && names.get(`${s.type}:${s.id}`)) ||
        FALLBACK_LABEL[s.type];
      return listingsBetween(shows, entries, label, timezone, window);
    },
  };
}
