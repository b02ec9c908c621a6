import { randomBytes } from 'node:crypto';

/** Gives this run an id that workers inherit, so its PostgreSQL databases are its own. */
export function setup(): void {
  process.env.GRIMNIR_TEST_RUN_ID ??= randomBytes(4).toString('hex');
}

export async function teardown(): Promise<void> {
  const { dropRunDatabases } = await import('./db.js');
  await dropRunDatabases();
}
