import type { Kysely } from 'kysely';

// Operators reorder the play-next queue, so its order is a stored position instead of the time
// each item was added. Rows already queued keep position 0 and their old order (created_at,
// id break the tie); new items go after the highest position.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('play_queue')
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('idx_play_queue_station_position')
    .on('play_queue')
    .columns(['station_id', 'position'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('idx_play_queue_station_position').execute();
  await db.schema.alterTable('play_queue').dropColumn('position').execute();
}
