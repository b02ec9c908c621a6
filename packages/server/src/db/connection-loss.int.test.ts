// A PostgreSQL connection dropped by the server while a client is checked out of the pool (a
// transaction between two statements when PostgreSQL restarts) must fail that work, not the
// process: node-postgres emits 'error' on the checked-out client, and with no listener Node
// turns it into an uncaught exception. The soak bench found a replica dead after a PostgreSQL
// restart that way ("terminating connection due to administrator command", 57P01).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyPostgresDatabase } from '../test-support/db.js';
import { openDatabase, type DatabaseHandle } from './database.js';

let scratch: { dsn: string; cleanup: () => Promise<void> };
let handle: DatabaseHandle;

beforeAll(async () => {
  scratch = await createEmptyPostgresDatabase();
  handle = openDatabase({
    backend: 'postgres',
    dsn: scratch.dsn,
    readDsn: undefined,
    maxOpenConns: 4,
    maxIdleConns: 0,
  });
});
afterAll(async () => {
  await handle?.close();
  await scratch?.cleanup();
});

describe('a PostgreSQL connection terminated under a checked-out client', () => {
  it('fails the transaction it was in; the process lives and the next query works', async () => {
    const crashes: unknown[] = [];
    const onUncaught = (err: unknown) => crashes.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      const work = handle.db.transaction().execute(async (tx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx);
        // What a fast shutdown does to every backend, done to this one from another connection.
        await sql`select pg_terminate_backend(${rows[0]!.pid})`.execute(handle.db);
        await new Promise((r) => setTimeout(r, 300));
        await sql`select 1`.execute(tx);
      });
      await expect(work).rejects.toThrow();
      await new Promise((r) => setTimeout(r, 100));
      expect(crashes).toEqual([]);
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(handle.db);
      expect(rows[0]?.one).toBe(1);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});
