import { sql, type Kysely } from 'kysely';

// Column types are chosen to mean the same on SQLite and PostgreSQL: `timestamptz` is stored as
// ISO text by SQLite, `boolean` as 0/1. Defaults use CURRENT_TIMESTAMP so that rows inserted by
// hand (the guide's admin INSERT) still get valid timestamps.

// Schema-builder callbacks are typed loosely by Kysely; keep the helpers tiny.
const now = sql`CURRENT_TIMESTAMP`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('viewer'))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('last_login_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('expires_at', 'timestamptz')
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('idx_api_keys_user').on('api_keys').column('user_id').execute();

  await db.schema
    .createTable('refresh_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('family_id', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('replaced_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex('idx_refresh_tokens_family')
    .on('refresh_tokens')
    .column('family_id')
    .execute();

  await db.schema
    .createTable('stations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('timezone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('public', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('loudness_target_lufs', 'real', (c) => c.notNull().defaultTo(-16))
    .addColumn('crossfade_ms', 'integer', (c) => c.notNull().defaultTo(3000))
    .addColumn('crossfade_curve', 'text', (c) => c.notNull().defaultTo('equal_power'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('station_members')
    .addColumn('station_id', 'text', (c) =>
      c.notNull().references('stations.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('station_members_pk', ['station_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('idx_station_members_user')
    .on('station_members')
    .column('user_id')
    .execute();

  await db.schema
    .createTable('mounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('station_id', 'text', (c) =>
      c.notNull().references('stations.id').onDelete('cascade'),
    )
    // A mount's name is its URL segment (/stream/{name}), so it is unique across the server.
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('bitrate_kbps', 'integer', (c) => c.notNull())
    .addColumn('sample_rate', 'integer', (c) => c.notNull())
    .addColumn('channels', 'integer', (c) => c.notNull())
    .addColumn('icecast_host', 'text')
    .addColumn('icecast_port', 'integer')
    .addColumn('icecast_mount', 'text')
    .addColumn('icecast_user', 'text')
    .addColumn('icecast_password', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('idx_mounts_station').on('mounts').column('station_id').execute();

  await createMedia(db);

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('station_id', 'text', (c) => c.references('stations.id').onDelete('set null'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text')
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('request_id', 'text')
    .addColumn('ip', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex('idx_audit_log_created')
    .on('audit_log')
    .column('created_at')
    .execute();
}

async function createMedia(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('media')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('station_id', 'text', (c) =>
      c.notNull().references('stations.id').onDelete('cascade'),
    )
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('artist', 'text')
    .addColumn('album', 'text')
    .addColumn('genre', 'text')
    .addColumn('year', 'integer')
    .addColumn('track_number', 'integer')
    .addColumn('isrc', 'text')
    .addColumn('mood', 'text')
    .addColumn('language', 'text')
    .addColumn('label', 'text')
    .addColumn('bpm', 'real')
    .addColumn('explicit', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('duration_ms', 'integer')
    .addColumn('original_filename', 'text', (c) => c.notNull())
    .addColumn('storage_path', 'text', (c) => c.notNull())
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('has_artwork', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('artwork_path', 'text')
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('analysis_state', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('analysis_error', 'text')
    .addColumn('loudness_lufs', 'real')
    .addColumn('loudness_range_lu', 'real')
    .addColumn('true_peak_dbtp', 'real')
    .addColumn('replaygain_db', 'real')
    .addColumn('cue_in_ms', 'integer')
    .addColumn('cue_out_ms', 'integer')
    .addColumn('intro_ms', 'integer')
    .addColumn('outro_ms', 'integer')
    .addColumn('analyzed_at', 'timestamptz')
    .addColumn('play_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_played_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('media_station_hash_unique', ['station_id', 'content_hash'])
    .execute();
  await db.schema
    .createIndex('idx_media_station_created')
    .on('media')
    .columns(['station_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('idx_media_analysis_state')
    .on('media')
    .column('analysis_state')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'audit_log',
    'media',
    'mounts',
    'station_members',
    'stations',
    'refresh_tokens',
    'api_keys',
    'users',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
