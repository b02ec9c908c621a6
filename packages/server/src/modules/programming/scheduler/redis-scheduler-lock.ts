import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { SchedulerLock } from './scheduler-lock.js';

// Release only our own lock: a holder that overran the TTL must not delete a successor's.
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * SchedulerLock across replicas: `SET key token NX PX ttl`, released by token. The leader's tick
 * and a `POST /schedule/refresh` served by another replica then never write one station's plan
 * at the same time. The TTL bounds how long a crashed holder blocks a station.
 */
export function redisSchedulerLock(
  redis: Redis,
  opts: { prefix: string; ttlMs?: number; pollMs?: number; waitMs?: number },
): SchedulerLock {
  const ttlMs = opts.ttlMs ?? 120_000;
  const pollMs = opts.pollMs ?? 50;
  const waitMs = opts.waitMs ?? ttlMs;

  async function acquire(key: string): Promise<string | undefined> {
    const token = randomUUID();
    const ok = await redis.set(`${opts.prefix}${key}`, token, 'PX', ttlMs, 'NX');
    return ok === 'OK' ? token : undefined;
  }

  async function holding<T>(key: string, token: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } finally {
      await redis.eval(RELEASE, 1, `${opts.prefix}${key}`, token);
    }
  }

  return {
    async withLock<T>(key: string, fn: () => Promise<T>): Promise<T | undefined> {
      const token = await acquire(key);
      return token === undefined ? undefined : holding(key, token, fn);
    },
    async waitFor<T>(key: string, fn: () => Promise<T>): Promise<T> {
      const deadline = Date.now() + waitMs;
      for (;;) {
        const token = await acquire(key);
        if (token !== undefined) return holding(key, token, fn);
        if (Date.now() > deadline) throw new Error(`scheduler lock ${key} busy for ${waitMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    },
  };
}
