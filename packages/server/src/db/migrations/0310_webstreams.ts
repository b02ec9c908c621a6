import { sql, type Kysely } from 'kysely';

// Webstreams: relays of remote streams a station schedules like any source. The URL list is
// ordered (the engine fails over along it) and stored as JSON text so both databases read it
// alike; the health columns are written by the leader's periodic check.
const now = sql`CURRENT_TIMESTAMP`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('webstreams')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('station_id', 'text', (c) =>
      c.notNull().references('stations.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('urls', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('last_checked_at', 'timestamptz')
    .addColumn('last_ok_url', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex('idx_webstreams_station')
    .on('webstreams')
    .columns(['station_id', 'name'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('webstreams').ifExists().execute();
}
