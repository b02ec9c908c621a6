import pg from 'pg';
import type { Config } from '../config.js';
import { connectRedis } from '../infra/redis.js';
import { StartRefusal } from './icecast-password-check.js';

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

async function checkPostgres(variable: string, dsn: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: dsn, connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  const target = describeTarget(dsn);
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
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
