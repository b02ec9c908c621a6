import { Migrator, type MigrationResult } from 'kysely';
import type { Logger } from 'pino';
import type { Db } from './database.js';
import { migrations } from './migrations/index.js';

/** Applies every pending migration; logs one line per migration (the guide greps for them). */
export async function migrateToLatest(db: Db, log: Logger): Promise<MigrationResult[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  for (const r of results) {
    if (r.status === 'Success') log.info({ migration: r.migrationName }, 'migration applied');
    else if (r.status === 'Error') log.error({ migration: r.migrationName }, 'migration failed');
  }
  if (error)
    throw error instanceof Error ? error : new Error(`migration failed: ${JSON.stringify(error)}`);
  if (results.length === 0) log.info('migrations: database schema is up to date');
  else log.info({ count: results.length }, 'migrations complete');
  return results;
}
