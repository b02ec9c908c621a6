import type { Kysely } from 'kysely';

// Listener sessions (issue 14). Times are epoch milliseconds (bigint), not timestamptz: reports
// add and compare them (overlap of a session with a range or a play) in the same SQL on SQLite
// and PostgreSQL, and a number sorts and subtracts identically on both.
// `listener_trackers` holds one heartbeat row per running tracker (one per replica), written
// once per flush whatever the number of listeners: a session left open by a tracker whose
// heartbeat stopped (a crash) is closed at that heartbeat by the next tracker to start.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('listener_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('station_id', 'text', (c) =>
      c.notNull().references('stations.id').onDelete('cascade'),
    )
    .addColumn('mount_id', 'text', (c) => c.references('mounts.id').onDelete('set null'))
    .addColumn('mount', 'text', (c) => c.notNull())
    // 'direct': a connection to our /stream or /live; 'relay': a listener of an Icecast target.
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('tracker_id', 'text', (c) => c.notNull())
    .addColumn('client_hash', 'text')
    .addColumn('client_net', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('country', 'text')
    .addColumn('started_ms', 'bigint', (c) => c.notNull())
    .addColumn('ended_ms', 'bigint')
    .execute();
  await db.schema
    .createIndex('idx_listener_sessions_station_started')
    .on('listener_sessions')
    .columns(['station_id', 'started_ms'])
    .execute();
  await db.schema
    .createIndex('idx_listener_sessions_station_ended')
    .on('listener_sessions')
    .columns(['station_id', 'ended_ms'])
    .execute();
  // The retention purge (every ended session older than N days, all stations).
  await db.schema
    .createIndex('idx_listener_sessions_ended')
    .on('listener_sessions')
    .column('ended_ms')
    .execute();
  await db.schema
    .createIndex('idx_listener_sessions_tracker_open')
    .on('listener_sessions')
    .columns(['tracker_id', 'ended_ms'])
    .execute();
  await db.schema
    .createTable('listener_trackers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('heartbeat_ms', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('listener_trackers').ifExists().execute();
  await db.schema.dropTable('listener_sessions').ifExists().execute();
}
