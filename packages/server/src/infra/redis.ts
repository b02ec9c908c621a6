import { Redis, type RedisOptions } from 'ioredis';
import type { Config } from '../config.js';

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
