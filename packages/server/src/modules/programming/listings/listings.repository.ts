import type { ScheduleSource } from '@grimnir/contracts';
import type { Db } from '../../../db/database.js';
import { programmingDb } from '../../../db/programming-types.js';

// Only the columns read here; the webstreams room owns the table (and its credentials).
type NameTables = { webstreams: { id: string; station_id: string; name: string } };

type Named = Exclude<ScheduleSource['type'], 'live'>;

/** The names of a station's programme sources, for labelling its schedule entries. */
export function createListingsRepository(base: Db) {
  const db = programmingDb(base).withTables<NameTables>();
  return {
    async sourceNames(stationId: string): Promise<Map<string, string>> {
      const by = (type: Named, rows: { id: string; name: string | null }[]) =>
        rows.map((r) => [`${type}:${r.id}`, r.name ?? ''] as const);
      const [playlists, blocks, clocks, streams, media] = await Promise.all([
        db
          .selectFrom('playlists')
          .select(['id', 'name'])
          .where('station_id', '=', stationId)
          .execute(),
        db
          .selectFrom('smart_blocks')
          .select(['id', 'name'])
          .where('station_id', '=', stationId)
          .execute(),
        db
          .selectFrom('clocks')
          .select(['id', 'name'])
          .where('station_id', '=', stationId)
          .execute(),
        db
          .selectFrom('webstreams')
          .select(['id', 'name'])
          .where('station_id', '=', stationId)
          .execute(),
        db
          .selectFrom('schedule_entries as e')
          .innerJoin('media as m', 'm.id', 'e.source_id')
          .select(['m.id', 'm.title as name'])
          .where('e.station_id', '=', stationId)
          .where('e.source_type', '=', 'media')
          .execute(),
      ]);
      return new Map([
        ...by('playlist', playlists),
        ...by('smart_block', blocks),
        ...by('clock', clocks),
        ...by('webstream', streams),
        ...by('media', media),
      ]);
    },
  };
}
export type ListingsRepository = ReturnType<typeof createListingsRepository>;
