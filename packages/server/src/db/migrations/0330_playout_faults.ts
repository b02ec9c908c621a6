import type { Kysely } from 'kysely';

// Faults the director reports instead of hiding (issue 18):
// - media.playout_failures / playout_state / playout_error: the engine could not decode a file;
//   after repeated failures it is 'failed' and out of rotation until it is analysed again.
// - executor_states.off_air_reason / off_air_since: the station is off air (engine unreachable,
//   silent), so now-playing, /healthz and every replica say so rather than naming the last track.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('media')
    .addColumn('playout_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('media')
    .addColumn('playout_state', 'text', (c) => c.notNull().defaultTo('ok'))
    .execute();
  await db.schema.alterTable('media').addColumn('playout_error', 'text').execute();
  await db.schema.alterTable('executor_states').addColumn('off_air_reason', 'text').execute();
  await db.schema.alterTable('executor_states').addColumn('off_air_since', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const c of ['off_air_since', 'off_air_reason'])
    await db.schema.alterTable('executor_states').dropColumn(c).execute();
  for (const c of ['playout_error', 'playout_state', 'playout_failures'])
    await db.schema.alterTable('media').dropColumn(c).execute();
}
