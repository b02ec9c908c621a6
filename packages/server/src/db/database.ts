import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import type { Database } from './types.js';

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  readonly backend: 'sqlite' | 'postgres';
  /** Primary: every write, and reads that must see the caller's own writes. */
  readonly db: Db;
  /** Read replica when GRIMNIR_DB_READ_DSN is set, otherwise the primary. */
  readonly readDb: Db;
  /**
   * Connections by state (`total`, `idle`, `waiting` for a pool; both pools summed when a read
   * replica is configured). SQLite has one connection and reports only `total`.
   */
  poolStats(): Readonly<Record<string, number>>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type DbConfig = Config['db'];

export function openDatabase(config: DbConfig): DatabaseHandle {
  if (config.backend === 'sqlite') return openSqlite(config.dsn);
  const pools = [makePool(config.dsn, config)];
  if (config.readDsn !== undefined) pools.push(makePool(config.readDsn, config));
  const [db, readDb = db] = pools.map(
    (pool) => new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
  ) as [Db, Db?];
  return {
    backend: 'postgres',
    db,
    readDb,
    poolStats: () => ({
      total: pools.reduce((n, p) => n + p.totalCount, 0),
      idle: pools.reduce((n, p) => n + p.idleCount, 0),
      waiting: pools.reduce((n, p) => n + p.waitingCount, 0),
    }),
    ping: () => ping(db),
    async close() {
      if (readDb !== db) await readDb.destroy();
      await db.destroy();
    },
  };
}

/**
 * A second, read-only way into the same database for a worker thread (the scheduler's plan
 * workers read libraries): SQLite opens the file read-only (WAL lets it read beside the
 * writer), PostgreSQL gets a pool of one connection to the primary.
 */
export function openReader(config: DbConfig): DatabaseHandle {
  if (config.backend === 'sqlite') {
    const raw = new SQLite(config.dsn, { readonly: true, fileMustExist: true });
    raw.pragma('busy_timeout = 5000');
    const db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: coercingSqlite(raw) }),
    });
    return sqliteHandle(db, raw, () => db.destroy());
  }
  return openDatabase({ ...config, readDsn: undefined, maxOpenConns: 1, maxIdleConns: 1 });
}

function sqliteHandle(db: Db, raw: SQLite.Database, close: () => Promise<void>): DatabaseHandle {
  return {
    backend: 'sqlite',
    db,
    readDb: db,
    poolStats: () => ({ total: raw.open ? 1 : 0 }),
    ping: () => ping(db),
    close,
  };
}

async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}

// Timestamps come back as ISO strings and bigints as numbers, the same shapes SQLite yields, so
// repositories map rows identically on both databases.
const TIMESTAMPTZ = 1184;
const TIMESTAMP = 1114;
const INT8 = 20;
function pgTypeParser(oid: number, format?: string): (value: string) => unknown {
  if (oid === TIMESTAMPTZ || oid === TIMESTAMP) return (v) => new Date(v).toISOString();
  if (oid === INT8) return (v) => Number(v);
  return pg.types.getTypeParser(oid, format as 'text') as (value: string) => unknown;
}

function makePool(connectionString: string, config: DbConfig): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max: config.maxOpenConns,
    min: Math.min(config.maxIdleConns, config.maxOpenConns),
    idleTimeoutMillis: 10_000,
    connectionTimeoutMillis: 5_000,
    types: { getTypeParser: pgTypeParser as typeof pg.types.getTypeParser },
  });
  // An idle client losing its connection (database restart) must not crash the process;
  // the next query gets a fresh client and the health check reports the outage.
  pool.on('error', () => undefined);
  // Nor may a checked-out one (a transaction between two statements when PostgreSQL restarts):
  // node-postgres emits 'error' on it, which without a listener is an uncaught exception. Its
  // next statement fails instead, the work fails with it, and the pool discards the client.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

function openSqlite(file: string): DatabaseHandle {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const raw = new SQLite(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  raw.pragma('synchronous = NORMAL');
  // Planner statistics, as SQLite recommends for long-lived connections: without them a
  // selective library filter (one artist, a rare tag) walks 100,000 rows newest-first instead
  // of using its index. Bounded (analysis_limit) so it costs milliseconds; hourly as data grows.
  raw.pragma('analysis_limit = 1000');
  raw.pragma('optimize = 0x10002');
  const optimizer = setInterval(() => {
    if (raw.open) raw.pragma('optimize');
  }, 3_600_000);
  optimizer.unref();
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: coercingSqlite(raw) }),
  });
  return sqliteHandle(db, raw, () => {
    clearInterval(optimizer);
    return db.destroy();
  });
}

/**
 * better-sqlite3 refuses JS booleans and Dates as parameters. Converting them at the driver
 * keeps repository code identical for PostgreSQL (which accepts '1'/'0' for booleans too).
 */
function coerceOne(p: unknown): unknown {
  return typeof p === 'boolean' ? (p ? 1 : 0) : p instanceof Date ? p.toISOString() : p;
}
// Kysely passes the parameter list as one array argument.
function coerce(params: readonly unknown[]): unknown[] {
  return params.map((p) => (Array.isArray(p) ? p.map(coerceOne) : coerceOne(p)));
}

// Kysely prepares every query anew; better-sqlite3's prepare costs more than most of our queries
// take to run, so statements are cached by SQL text (bounded: ad-hoc SQL must not grow it forever).
const STATEMENT_CACHE_SIZE = 500;

function coercingSqlite(raw: SQLite.Database): SQLite.Database {
  const wrapped = Object.create(raw) as SQLite.Database;
  const cache = new Map<string, SQLite.Statement>();
  const prepare = (source: string): SQLite.Statement => {
    // A cached statement would keep answering after close(); fail like an uncached one would.
    if (!raw.open) throw new TypeError('The database connection is not open');
    let stmt = cache.get(source);
    if (stmt === undefined) {
      stmt = raw.prepare(source);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      cache.set(source, stmt);
    }
    return stmt;
  };
  wrapped.prepare = ((source: string) => {
    const stmt = prepare(source);
    return {
      get reader() {
        return stmt.reader;
      },
      all: (...params: unknown[]) => stmt.all(...coerce(params)),
      run: (...params: unknown[]) => stmt.run(...coerce(params)),
      iterate: (...params: unknown[]) => stmt.iterate(...coerce(params)),
    };
  }) as unknown as SQLite.Database['prepare'];
  wrapped.close = () => {
    cache.clear();
    return raw.close();
  };
  return wrapped;
}
