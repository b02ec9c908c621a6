import { sql, type Kysely } from 'kysely';

/**
 * The library's duplicates view groups a station's tracks by lower-cased title and artist and
 * duration to the second. Without an index on exactly that key, each page grouped all 100,000
 * tracks in a temporary B-tree (300 ms CPU on SQLite); with it the groups stream in key order
 * and the page stops after 25, and each group's members are one seek. The expressions must
 * match media-list.repository.ts character for character.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index idx_media_duplicates on media (station_id, lower(title),
    lower(coalesce(artist, '')), coalesce((duration_ms + 500) / 1000, -1))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('idx_media_duplicates').ifExists().execute();
}
