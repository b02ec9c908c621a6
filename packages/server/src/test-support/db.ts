import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import pg from 'pg';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';

/**
 * Each integration test gets its own database, cloned from a template migrated once per worker:
 * a copied SQLite file, or `CREATE DATABASE … TEMPLATE` on PostgreSQL. GRIMNIR_TEST_DB picks the
 * backend (sqlite by default; CI runs the integration suite a second time with postgres).
 */
export const testBackend: 'sqlite' | 'postgres' =
  process.env.GRIMNIR_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
const adminUrl = process.env.GRIMNIR_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/**
 * Databases carry the run's id (set once by global-setup.ts and inherited by workers), so a run
 * only ever drops its own databases, never those of another run sharing the server.
 */
export const TEST_DB_PREFIX = `grimnir_t_${process.env.GRIMNIR_TEST_RUN_ID ?? `p${process.pid}`}_`;

export interface TestDatabase {
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

let sqliteTemplate: string | undefined;
let pgTemplate: Promise<string> | undefined;
const silent = pino({ level: 'silent' });

async function migrateInto(env: { backend: 'sqlite' | 'postgres'; dsn: string }): Promise<void> {
  const handle = openDatabase({
    backend: env.backend,
    dsn: env.dsn,
    readDsn: undefined,
    maxOpenConns: 2,
    maxIdleConns: 0,
  });
  try {
    await migrateToLatest(handle.db, silent);
  } finally {
    await handle.close();
  }
}

function pgUrl(dbName: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function makePgTemplate(): Promise<string> {
  const name = `${TEST_DB_PREFIX}tmpl_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  await migrateInto({ backend: 'postgres', dsn: pgUrl(name) });
  return name;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (testBackend === 'postgres') {
    pgTemplate ??= makePgTemplate();
    const template = await pgTemplate;
    const name = `${TEST_DB_PREFIX}${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    return {
      env: { GRIMNIR_DB_BACKEND: 'postgres', GRIMNIR_DB_DSN: pgUrl(name) },
      cleanup: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    };
  }
  if (sqliteTemplate === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'grimnir-tmpl-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'template.db');
    await migrateInto({ backend: 'sqlite', dsn: file });
    sqliteTemplate = file;
  }
  const dir = mkdtempSync(join(tmpdir(), 'grimnir-db-'));
  const file = join(dir, 'test.db');
  copyFileSync(sqliteTemplate, file);
  return {
    env: { GRIMNIR_DB_BACKEND: 'sqlite', GRIMNIR_DB_DSN: file },
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
}

/**
 * An empty PostgreSQL database whatever the test backend, for tests of what only a shared
 * database allows (several replicas); the processes under test migrate it themselves.
 */
export async function createEmptyPostgresDatabase(): Promise<{
  dsn: string;
  cleanup: () => Promise<void>;
}> {
  const name = `${TEST_DB_PREFIX}${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  return {
    dsn: pgUrl(name),
    cleanup: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** Drops this run's databases (global teardown). */
export async function dropRunDatabases(): Promise<void> {
  if (testBackend !== 'postgres') return;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const res = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE starts_with(datname, '${TEST_DB_PREFIX}')`,
    );
    for (const { datname } of res.rows)
      await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
