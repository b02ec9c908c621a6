import { sql, type Kysely } from 'kysely';

// Import jobs (issue 15) in the database, not in one replica's memory: every replica shows a
// job's progress and can cancel it, and a job whose replica died is seen as stopped.
// `heartbeat_ms` is written by the replica running the job every few seconds with its counts;
// `cancel_requested_ms` is how another replica asks it to stop. Times are epoch milliseconds.
// The partial unique index keeps one running job per station across replicas.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('import_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('station_id', 'text', (c) =>
      c.notNull().references('stations.id').onDelete('cascade'),
    )
    .addColumn('folder', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('imported', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('duplicates', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
    // The first failures (path, reason) as JSON; `failed` counts them all.
    .addColumn('failures', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('started_ms', 'bigint', (c) => c.notNull())
    .addColumn('finished_ms', 'bigint')
    .addColumn('heartbeat_ms', 'bigint', (c) => c.notNull())
    .addColumn('cancel_requested_ms', 'bigint')
    .execute();
  await db.schema
    .createIndex('idx_import_jobs_station_started')
    .on('import_jobs')
    .columns(['station_id', 'started_ms'])
    .execute();
  await db.schema
    .createIndex('idx_import_jobs_one_running')
    .on('import_jobs')
    .column('station_id')
    .unique()
    .where(sql.ref('finished_ms'), 'is', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('import_jobs').ifExists().execute();
}
