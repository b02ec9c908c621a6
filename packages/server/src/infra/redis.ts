import { Redis } from 'ioredis';
import type { Config } from '../config.js';

/** GRIMNIR_REDIS_ADDR is `host:port` as in the guide (a redis:// URL is accepted too). */
export function connectRedis(config: Config['redis']): Redis | undefined {
  if (config.addr === undefined) return undefined;
  const common = { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false };
  if (/^rediss?:\/\//.test(config.addr)) {
    return new Redis(config.addr, {
      ...common,
      ...(config.password !== undefined && { password: config.password }),
    });
  }
  const [host = 'localhost', port = '6379'] = config.addr.split(':');
  return new Redis({
    ...common,
    host,
    port: Number(port),
    ...(config.password !== undefined && { password: config.password }),
  });
}
