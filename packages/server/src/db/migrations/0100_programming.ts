import { sql, type Kysely } from 'kysely';

// Programming: smart blocks (settings + one row per rule), playlists, hour clocks, shows,
// schedule entries (the guide indexes smart_block_rules(station_id, smart_block_id) and
// schedule_entries(station_id, starts_at)), the materialized schedule and each station's
// fallback programme. JSON documents are stored as text so both databases read them alike.

const now = sql`CURRENT_TIMESTAMP`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('smart_blocks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('station_id', 'text', (c) =>
      c.notNull().references('stations.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex('idx_smart_blocks_station')
    .on('smart_blocks')
    .column('station_id')
    .execute();

  await db.schema
    .createTable('smart_block_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('station_id', 'text', (c) =>
      c.notNull().references('stations.id').onDelete('cascade'),
    )
    .addColumn('smart_block_id', 'text', (c) =>
      c.notNull().references('smart_blocks.id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('idx_smart_block_rules_block')
    .on('smart_block_rules')
    .columns(['smart_block_id', 'position'])
    .execute();

  await createPlaylists(db);
  await createClocks(db);
  await createShows(db);
  await createSchedule(db);
}

async function createPlaylists(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('playlists')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('station_id', 'text', (c) =>
      c.notNull().references('stations.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('mode', 'text', (c) => c.notNull().defaultTo('ordered'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex('idx_playlists_station')
    .on('playlists')
    .column('station_id')
    .execute();
  await db.schema
    .createTable('playlist_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('playlist_id', 'text', (c) =>
      c.notNull().references('playlists.id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('media_id', 'text', (c) => c.notNull().references('media.id').onDelete('cascade'))
    .addColumn('cue_in_ms', 'integer')
    .addColumn('cue_out_ms', 'integer')
    .addColumn('fade_in_ms', 'integer')
    .addColumn('fade_out_ms', 'integer')
    .execute();
  await db.schema
    .createIndex('idx_playlist_items_playlist')
    .on('playlist_items')
    .columns(['playlist_id', 'position'])
    .execute();
}

async function createClocks(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('clocks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('station_id', 'text', (c) =>
      c.notNull().references('stations.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('hours', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('idx_clocks_station').on('clocks').column('station_id').execute();
  await db.schema
    .createTable('clock_slots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('clock_id', 'text', (c) => c.notNull().references('clocks.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('offset_ms', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema
    .createIndex('idx_clock_slots_clock')
    .on('clock_slots')
    .columns(['clock_id', 'position'])
    .execute();
}

/** Columns shared by shows and schedule entries: timing and programme source. */
async function createShows(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('shows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('station_id', 'text', (c) =>
      c.notNull().references('stations.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('host', 'text')
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('rrule', 'text')
    .addColumn('exdates', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('source_type', 'text')
    .addColumn('source_id', 'text')
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('idx_shows_station').on('shows').column('station_id').execute();
  await db.schema
    .createTable('show_exceptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('show_id', 'text', (c) => c.notNull().references('shows.id').onDelete('cascade'))
    .addColumn('original_starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('cancelled', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('starts_at', 'timestamptz')
    .addColumn('duration_ms', 'integer')
    .addUniqueConstraint('show_exceptions_unique', ['show_id', 'original_starts_at'])
    .execute();
}

async function createSchedule(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('schedule_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('station_id', 'text', (c) =>
      c.notNull().references('stations.id').onDelete('cascade'),
    )
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('rrule', 'text')
    .addColumn('exdates', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('source_type', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text')
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex('idx_schedule_entries_station_starts')
    .on('schedule_entries')
    .columns(['station_id', 'starts_at'])
    .execute();

  await db.schema
    .createTable('schedule_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('station_id', 'text', (c) =>
      c.notNull().references('stations.id').onDelete('cascade'),
    )
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    // Deleting a medium deletes its future slots; the next tick re-plans the hole.
    .addColumn('media_id', 'text', (c) => c.references('media.id').onDelete('cascade'))
    .addColumn('webstream_id', 'text')
    .addColumn('label', 'text')
    .addColumn('cue_in_ms', 'integer')
    .addColumn('cue_out_ms', 'integer')
    .addColumn('fade_in_ms', 'integer')
    .addColumn('fade_out_ms', 'integer')
    .addColumn('source_type', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text')
    .addColumn('entry_id', 'text')
    .addColumn('clock_id', 'text')
    .addColumn('segment_key', 'text', (c) => c.notNull())
    .addColumn('hard_start', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('reason', 'text')
    .execute();
  await db.schema
    .createIndex('idx_schedule_items_station_starts')
    .on('schedule_items')
    .columns(['station_id', 'starts_at'])
    .execute();

  await db.schema
    .createTable('station_fallbacks')
    .addColumn('station_id', 'text', (c) =>
      c.primaryKey().references('stations.id').onDelete('cascade'),
    )
    .addColumn('source_type', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'station_fallbacks',
    'schedule_items',
    'schedule_entries',
    'show_exceptions',
    'shows',
    'clock_slots',
    'clocks',
    'playlist_items',
    'playlists',
    'smart_block_rules',
    'smart_blocks',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
