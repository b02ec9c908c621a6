import { sql, type Kysely } from 'kysely';

// Live DJ ingest: one-time source passwords (stored as SHA-256) and the sessions DJs open on a
// station mount. At most one session per station is open at a time (the engine mixes one live
// input per station); a partial unique index makes that hold across replicas.
const now = sql`CURRENT_TIMESTAMP`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('live_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('station_id', 'text', (c) =>
      c.notNull().references('stations.id').onDelete('cascade'),
    )
    .addColumn('mount_id', 'text', (c) => c.notNull().references('mounts.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('label', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    // Set when a DJ connected with it: a token opens one session, never a second.
    .addColumn('used_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('idx_live_tokens_station')
    .on('live_tokens')
    .column('station_id')
    .execute();

  await db.schema
    .createTable('live_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('station_id', 'text', (c) =>
      c.notNull().references('stations.id').onDelete('cascade'),
    )
    // History outlives a deleted mount; the name is kept beside it.
    .addColumn('mount_id', 'text', (c) => c.references('mounts.id').onDelete('set null'))
    .addColumn('mount', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('token_id', 'text', (c) => c.references('live_tokens.id').onDelete('set null'))
    .addColumn('priority_source_id', 'text', (c) =>
      c.references('priority_sources.id').onDelete('set null'),
    )
    .addColumn('dj_name', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('tier', 'integer', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('remote_addr', 'text')
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    // Renewed while the DJ streams; an open session without a recent heartbeat belongs to a
    // process that died, and is closed by any replica's sweeper.
    .addColumn('heartbeat_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ended_at', 'timestamptz')
    .addColumn('end_reason', 'text')
    .addColumn('bytes_received', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('uq_live_sessions_open_station')
    .on('live_sessions')
    .column('station_id')
    .unique()
    .where(sql.ref('ended_at'), 'is', null)
    .execute();
  await db.schema
    .createIndex('idx_live_sessions_station_started')
    .on('live_sessions')
    .columns(['station_id', 'started_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['live_sessions', 'live_tokens'])
    await db.schema.dropTable(t).ifExists().execute();
}
