import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * The library at scale (100,000 tracks per station): editable fades, one index per sort order
 * the console offers, tags as rows (a tag filter is an index lookup, not a JSON scan of every
 * row), and a trigram index for substring search: FTS5 on SQLite, pg_trgm on PostgreSQL.
 *
 * Triggers keep the tag rows and the SQLite search index in step with `media`, so every writer
 * (uploads, imports, test factories, a hand-edited row) is covered, not only the repository.
 *
 * The sort-key and search expressions are repeated in media.repository.ts: a query uses an
 * expression index only when it spells the expression the same way (media-sort.int.test.ts
 * checks that the plans use these indexes).
 */

const isPostgres = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof PostgresAdapter;

async function sortIndexes(db: Kysely<unknown>, pg: boolean): Promise<void> {
  // Epoch for "never played" so the key is never NULL (row-value keyset comparisons need that).
  const played = pg
    ? sql`coalesce(last_played_at, timestamptz '1970-01-01 00:00:00+00')`
    : sql`coalesce(last_played_at, '1970-01-01T00:00:00.000Z')`;
  const keys: [string, ReturnType<typeof sql>][] = [
    ['title', sql`lower(title)`],
    ['artist', sql`lower(coalesce(artist, ''))`],
    ['album', sql`lower(coalesce(album, ''))`],
    ['genre', sql`lower(coalesce(genre, ''))`],
    ['duration', sql`coalesce(duration_ms, -1)`],
    ['played', played],
  ];
  for (const [name, expr] of keys)
    await sql`create index ${sql.id(`idx_media_sort_${name}`)} on media (station_id, ${expr}, id)`.execute(
      db,
    );
}

async function tagRows(db: Kysely<unknown>, pg: boolean): Promise<void> {
  await db.schema
    .createTable('media_tags')
    .addColumn('media_id', 'text', (c) => c.notNull().references('media.id').onDelete('cascade'))
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('media_tags_pk', ['media_id', 'tag'])
    .execute();
  await db.schema
    .createIndex('idx_media_tags_station_tag')
    .on('media_tags')
    .columns(['station_id', 'tag', 'media_id'])
    .execute();
  if (pg) {
    await sql`create function media_tags_sync() returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' then delete from media_tags where media_id = old.id; end if;
        insert into media_tags (media_id, station_id, tag)
          select distinct new.id, new.station_id, t
          from jsonb_array_elements_text(new.tags::jsonb) as t;
        return null;
      end $$`.execute(db);
    await sql`create trigger media_tags_sync after insert or update of tags, station_id on media
      for each row execute function media_tags_sync()`.execute(db);
    await sql`insert into media_tags (media_id, station_id, tag)
      select distinct m.id, m.station_id, t
      from media m, jsonb_array_elements_text(m.tags::jsonb) as t`.execute(db);
    return;
  }
  // A malformed tags value is treated as no tags rather than failing the write.
  const each = (ref: string) =>
    sql.raw(`json_each(case when json_valid(${ref}.tags) then ${ref}.tags else '[]' end)`);
  await sql`create trigger media_tags_ai after insert on media begin
      insert into media_tags (media_id, station_id, tag)
        select distinct new.id, new.station_id, value from ${each('new')} where type = 'text';
    end`.execute(db);
  await sql`create trigger media_tags_au after update of tags, station_id on media begin
      delete from media_tags where media_id = old.id;
      insert into media_tags (media_id, station_id, tag)
        select distinct new.id, new.station_id, value from ${each('new')} where type = 'text';
    end`.execute(db);
  await sql`insert into media_tags (media_id, station_id, tag)
      select distinct m.id, m.station_id, j.value from media m, ${each('m')} j
      where j.type = 'text'`.execute(db);
}

/**
 * SQLite: a trigram FTS5 table (substring matching, case-insensitive). It keeps its own copy of
 * the text and is keyed through media_search, whose INTEGER PRIMARY KEY survives VACUUM: an
 * external-content table keyed by media's implicit rowid would silently point at the wrong rows
 * after a VACUUM renumbered them. No foreign key on media_search: the delete trigger needs
 * its row to find the FTS row, and a cascade could remove it first.
 */
async function sqliteSearch(db: Kysely<unknown>): Promise<void> {
  await sql`create table media_search (
      fts_rowid integer primary key,
      media_id text not null unique
    )`.execute(db);
  await sql`create virtual table media_fts using fts5(
      title, artist, album, genre, tokenize = 'trigram')`.execute(db);
  const rowid = (ref: string) =>
    sql.raw(`(select fts_rowid from media_search where media_id = ${ref}.id)`);
  await sql`create trigger media_fts_ai after insert on media begin
      insert into media_search (media_id) values (new.id);
      insert into media_fts (rowid, title, artist, album, genre)
        values (${rowid('new')}, new.title, new.artist, new.album, new.genre);
    end`.execute(db);
  await sql`create trigger media_fts_au after update of title, artist, album, genre on media begin
      update media_fts set title = new.title, artist = new.artist, album = new.album,
        genre = new.genre where rowid = ${rowid('new')};
    end`.execute(db);
  await sql`create trigger media_fts_ad after delete on media begin
      delete from media_fts where rowid = ${rowid('old')};
      delete from media_search where media_id = old.id;
    end`.execute(db);
  await sql`insert into media_search (media_id) select id from media`.execute(db);
  await sql`insert into media_fts (rowid, title, artist, album, genre)
      select s.fts_rowid, m.title, m.artist, m.album, m.genre
      from media m join media_search s on s.media_id = m.id`.execute(db);
}

/** PostgreSQL: one trigram GIN index over the four searchable columns (LIKE '%word%'). */
async function postgresSearch(db: Kysely<unknown>): Promise<void> {
  // A trusted extension since PostgreSQL 13: the database owner may create it.
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create index idx_media_search_trgm on media using gin ((lower(
      title || ' ' || coalesce(artist, '') || ' ' || coalesce(album, '') || ' ' ||
      coalesce(genre, ''))) gin_trgm_ops)`.execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema.alterTable('media').addColumn('fade_in_ms', 'integer').execute();
  await db.schema.alterTable('media').addColumn('fade_out_ms', 'integer').execute();
  await sortIndexes(db, pg);
  await tagRows(db, pg);
  await (pg ? postgresSearch(db) : sqliteSearch(db));
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);
  if (pg) {
    await sql`drop index if exists idx_media_search_trgm`.execute(db);
    await sql`drop trigger if exists media_tags_sync on media`.execute(db);
    await sql`drop function if exists media_tags_sync()`.execute(db);
  } else {
    for (const t of [
      'media_fts_ai',
      'media_fts_au',
      'media_fts_ad',
      'media_tags_ai',
      'media_tags_au',
    ])
      await sql`drop trigger if exists ${sql.id(t)}`.execute(db);
    await sql`drop table if exists media_fts`.execute(db);
    await sql`drop table if exists media_search`.execute(db);
  }
  await db.schema.dropTable('media_tags').ifExists().execute();
  for (const name of ['title', 'artist', 'album', 'genre', 'duration', 'played'])
    await db.schema.dropIndex(`idx_media_sort_${name}`).ifExists().execute();
  await db.schema.alterTable('media').dropColumn('fade_out_ms').execute();
  await db.schema.alterTable('media').dropColumn('fade_in_ms').execute();
}
