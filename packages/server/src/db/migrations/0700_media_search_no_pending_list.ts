import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * PostgreSQL: the library's trigram GIN index (0400) without its pending list. With GIN's default
 * `fastupdate`, new rows wait in an unsorted list that every search reads from end to end until
 * a vacuum merges it: after an import of 100,000 tracks that list held 469 pages, and a search
 * for one title took 6 ms of database CPU instead of 0.15 ms. A library is searched far more
 * often than it is written, so each upload now pays its index update at once. SQLite: nothing
 * to do (FTS5 merges its own segments).
 */
const isPostgres = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`alter index idx_media_search_trgm set (fastupdate = off)`.execute(db);
  // Turning the option off does not empty the list; merge what is already there.
  await sql`select gin_clean_pending_list('idx_media_search_trgm')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`alter index idx_media_search_trgm reset (fastupdate)`.execute(db);
}
