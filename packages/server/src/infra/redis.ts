import type { FastifyBaseLogger } from 'fastify';
import { Redis, type RedisOptions } from 'ioredis';
import type { Config } from '../config.js';

type Log = Pick<FastifyBaseLogger, 'warn' | 'info' | 'debug'>;

/**
 * Every ioredis connection gets an 'error' listener: without one ioredis prints
 * "[ioredis] Unhandled error event" to stderr on every reconnect attempt, outside the JSON
 * logs. The connection's state changes are logged once each (lost, back), the attempts between
 * them only at debug.
 */
export function watchRedis(client: Redis, log: Log, role: string): Redis {
  let lostAt: number | undefined;
  client.on('error', (err: unknown) => {
    if (lostAt === undefined) {
      lostAt = Date.now();
      log.warn({ err, redis_connection: role }, 'redis connection lost; reconnecting');
    } else log.debug({ err, redis_connection: role }, 'redis still unreachable');
  });
  client.on('ready', () => {
    if (lostAt === undefined) return;
    log.info(
      { redis_connection: role, down_seconds: (Date.now() - lostAt) / 1000 },
      'redis connection back',
    );
    lostAt = undefined;
  });
  return client;
}

/** A second connection (subscriber mode, the lease) with its own error listener. */
export function duplicateRedis(redis: Redis, log: Log, role: string): Redis {
  return watchRedis(redis.duplicate(), log, role);
}

/**
 * GRIMNIR_REDIS_ADDR is `host:port` as in the guide (a redis:// URL is accepted too).
 * `overrides` lets the start-up check connect once, without retrying forever.
 */
export function connectRedis(
  config: Config['redis'],
  overrides: RedisOptions = {},
): Redis | undefined {
  if (config.addr === undefined) return undefined;
  const common: RedisOptions = {
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    lazyConnect: false,
    ...(config.password !== undefined && { password: config.password }),
    ...overrides,
  };
  if (/^rediss?:\/\//.test(config.addr)) return new Redis(config.addr, common);
  const [host = 'localhost', port = '6379'] = config.addr.split(':');
  return new Redis({ ...common, host, port: Number(port) });
}
