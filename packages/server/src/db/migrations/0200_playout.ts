import { sql, type Kysely } from 'kysely';

// Playout state: the executor per station, who claims the air, the play-next queue and what
// actually aired (with the start/end the engine reported).
const now = sql`CURRENT_TIMESTAMP`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('executor_states')
    .addColumn('station_id', 'text', (c) =>
      c.primaryKey().references('stations.id').onDelete('cascade'),
    )
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('idle'))
    // false after an operator's stop: the director leaves the station silent until start.
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('tier', 'integer')
    .addColumn('source_id', 'text')
    .addColumn('item_id', 'text')
    .addColumn('media_id', 'text')
    .addColumn('title', 'text')
    .addColumn('started_at', 'timestamptz')
    .addColumn('ends_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('priority_sources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('station_id', 'text', (c) =>
      c.notNull().references('stations.id').onDelete('cascade'),
    )
    .addColumn('tier', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('media_id', 'text', (c) => c.references('media.id').onDelete('set null'))
    .addColumn('label', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('activated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('released_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('idx_priority_sources_active')
    .on('priority_sources')
    .columns(['station_id', 'released_at'])
    .execute();

  await db.schema
    .createTable('play_queue')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('station_id', 'text', (c) =>
      c.notNull().references('stations.id').onDelete('cascade'),
    )
    .addColumn('media_id', 'text', (c) => c.notNull().references('media.id').onDelete('cascade'))
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex('idx_play_queue_station')
    .on('play_queue')
    .columns(['station_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('play_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('station_id', 'text', (c) =>
      c.notNull().references('stations.id').onDelete('cascade'),
    )
    .addColumn('media_id', 'text', (c) => c.references('media.id').onDelete('set null'))
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ended_at', 'timestamptz')
    .addColumn('tier', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('idx_play_history_station_started')
    .on('play_history')
    .columns(['station_id', 'started_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['play_history', 'play_queue', 'priority_sources', 'executor_states'])
    await db.schema.dropTable(t).ifExists().execute();
}
