import type { Kysely } from 'kysely';

// Two reads the scheduler makes for every station, kept short because SQLite runs them on the
// event loop:
// - the library in pages by id (keyset), each page on its own turn: without (station_id, id)
//   every page sorted the whole station again (25 pages of 50k tracks: 2.5 s, not 25 seeks);
// - the library's version (count and latest change of active tracks) every tick: a covering
//   index answers it without reading 50k table rows (60 ms held per station and tick before).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('idx_media_station_id')
    .on('media')
    .columns(['station_id', 'id'])
    .execute();
  await db.schema
    .createIndex('idx_media_station_active_updated')
    .on('media')
    .columns(['station_id', 'active', 'updated_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('idx_media_station_active_updated').ifExists().execute();
  await db.schema.dropIndex('idx_media_station_id').ifExists().execute();
}
