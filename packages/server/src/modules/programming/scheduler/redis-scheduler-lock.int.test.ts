import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { redisSchedulerLock } from './redis-scheduler-lock.js';

const url = process.env.GRIMNIR_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const clients: Redis[] = [];
const client = () => {
  const c = new Redis(url, { maxRetriesPerRequest: 1 });
  clients.push(c);
  return c;
};
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.quit().catch(() => c.disconnect())));
});

describe('redisSchedulerLock', () => {
  it('excludes a second replica, queues a waiter, and expires a crashed holder', async () => {
    const prefix = `grimnir:test:lock:${randomUUID()}:`;
    const a = redisSchedulerLock(client(), { prefix, ttlMs: 500, pollMs: 20 });
    const b = redisSchedulerLock(client(), { prefix, ttlMs: 500, pollMs: 20 });
    const order: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const first = a.withLock('station-1', async () => {
      order.push('a');
      await gate;
      return 'a';
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(await b.withLock('station-1', () => Promise.resolve('b'))).toBeUndefined();
    expect(await b.withLock('station-2', () => Promise.resolve('other'))).toBe('other');
    const waiter = b.waitFor('station-1', () => {
      order.push('b');
      return Promise.resolve('b');
    });
    setTimeout(release, 100);
    expect([await first, await waiter]).toEqual(['a', 'b']);
    expect(order).toEqual(['a', 'b']);

    // A holder that dies without releasing blocks the station only until the TTL runs out.
    const crashed = client();
    await crashed.set(`${prefix}station-3`, 'someone-else', 'PX', 300);
    expect(await b.withLock('station-3', () => Promise.resolve('x'))).toBeUndefined();
    expect(await b.waitFor('station-3', () => Promise.resolve('after ttl'))).toBe('after ttl');
  });
});
