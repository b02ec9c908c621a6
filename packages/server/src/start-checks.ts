import pg from 'pg';
import type { Config } from './config.js';
import { connectRedis } from './infra/redis.js';
import { StartRefusal } from './ops/icecast-password-check.js';

/**
 * Checks, before anything starts, that the databases the configuration names answer: an
 * operator with a wrong password or host gets one line naming the variable to fix (exit 78),
 * not a stack trace or a process retrying silently forever.
 */
export async function checkStartDependencies(config: Config): Promise<string[]> {
  const checks: Promise<string | undefined>[] = [checkRedis(config.redis)];
  if (config.db.backend === 'postgres') {
    checks.push(checkPostgres('GRIMNIR_DB_DSN', config.db.dsn));
    if (config.db.readDsn !== undefined)
      checks.push(checkPostgres('GRIMNIR_DB_READ_DSN', config.db.readDsn));
  }
  const problems = await Promise.all(checks);
  return problems.filter((p): p is string => p !== undefined);
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
]);

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function checkRedis(config: Config['redis']): Promise<string | undefined> {
  const client = connectRedis(config, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    connectTimeout: 5_000,
    retryStrategy: () => null,
  });
  if (client === undefined) return undefined;
  // A refused AUTH arrives as an 'error' event; connect() then only says the connection closed.
  let emitted: unknown;
  client.on('error', (e: unknown) => (emitted ??= e));
  try {
    await client.connect();
    await client.ping();
    return undefined;
  } catch (thrown) {
    const err = emitted ?? thrown;
    const text = errorText(err);
    if (/WRONGPASS|NOAUTH|invalid password|invalid username-password/i.test(text))
      return `GRIMNIR_REDIS_PASSWORD: Redis at ${config.addr} refused the password (${text.split('\n')[0]})`;
    return `GRIMNIR_REDIS_ADDR: cannot reach Redis at ${config.addr} (${errorCode(err) ?? text})`;
  } finally {
    client.disconnect();
  }
}

function describeTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.searchParams.get('host') ?? u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'the configured server';
  }
}

/**
 * Tables of our schema where row level security applies to the connecting user (not the owner
 * unless FORCE, not superuser/BYPASSRLS) and no policy names that user or PUBLIC: the guide's
 * `ALTER TABLE stations ENABLE ROW LEVEL SECURITY` for a limited role hides every row, and the
 * server would run as if the tables were empty.
 */
const HIDDEN_BY_ROW_SECURITY = `
  SELECT c.relname AS table
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relrowsecurity
    AND (pg_get_userbyid(c.relowner) <> current_user OR c.relforcerowsecurity)
    AND NOT (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user)
    AND NOT EXISTS (
      SELECT 1 FROM pg_policies p
      WHERE p.schemaname = n.nspname AND p.tablename = c.relname
        AND ('public' = ANY (p.roles) OR current_user = ANY (p.roles)))
  ORDER BY c.relname`;

async function checkPostgres(variable: string, dsn: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: dsn, connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  const target = describeTarget(dsn);
  try {
    await client.connect();
    const hidden = await client.query<{ table: string }>(HIDDEN_BY_ROW_SECURITY);
    const tables = hidden.rows.map((r) => r.table);
    if (tables.length === 0) return undefined;
    return (
      `${variable}: row level security is enabled on ${tables.join(', ')} without a policy for ` +
      `this database user, which would see and change no rows there; add one (docs/operations.md, ` +
      `"Database hardening") or disable row level security`
    );
  } catch (err) {
    const code = errorCode(err);
    if (code === '28P01' || code === '28000')
      return `${variable}: PostgreSQL at ${target} refused the login (${errorText(err)})`;
    if (code === '3D000') return `${variable}: ${errorText(err)} on ${target}`;
    if (code !== undefined && UNREACHABLE.has(code))
      return `${variable}: cannot reach PostgreSQL at ${target} (${code})`;
    return `${variable}: PostgreSQL at ${target} failed: ${errorText(err)}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A refusal, or a listener that cannot bind, names its variables; any other start failure stays
 * a stack trace (it is a bug, not a configuration problem).
 */
export function describeStartError(err: unknown, config: Config): string | undefined {
  if (err instanceof StartRefusal) return err.message;
  const code = errorCode(err);
  // A limited role (the guide's grimnir_app) meeting a pending migration.
  if (code === '42501')
    return (
      `GRIMNIR_DB_DSN: this database user may not change the schema (${errorText(err)}); ` +
      'run `grimnirradio migrate` with the owner’s DSN first'
    );
  if (code !== 'EADDRINUSE' && code !== 'EADDRNOTAVAIL' && code !== 'EACCES') return undefined;
  const port = (err as { port?: unknown }).port;
  const which =
    port === config.metrics.port
      ? 'GRIMNIR_METRICS_BIND/GRIMNIR_METRICS_PORT'
      : port === config.live.port
        ? 'GRIMNIR_LIVE_BIND/GRIMNIR_LIVE_PORT'
        : 'GRIMNIR_HTTP_BIND/GRIMNIR_HTTP_PORT';
  return `${which}: cannot listen on ${String((err as { address?: unknown }).address)}:${String(port)} (${code})`;
}
