import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics } from './metrics.js';
import { startRedisLeadership } from './redis-leadership.js';

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

const waitFor = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('Redis leader election', () => {
  it('elects exactly one leader, hands over on stop, and counts changes', async () => {
    const key = `grimnir:test:leader:${randomUUID()}`;
    const [ma, mb] = [
      createMetrics({ defaultMetrics: false }),
      createMetrics({ defaultMetrics: false }),
    ];
    const a = startRedisLeadership({ redis: client(), key, leaseMs: 600, metrics: ma });
    await waitFor(() => a.isLeader());
    const b = startRedisLeadership({ redis: client(), key, leaseMs: 600, metrics: mb });
    await new Promise((r) => setTimeout(r, 500));
    expect([a.isLeader(), b.isLeader()]).toEqual([true, false]);
    await a.stop();
    await waitFor(() => b.isLeader(), 2000);
    expect((await ma.leaderChanges.get()).values[0]?.value).toBe(2);
    expect((await mb.leaderChanges.get()).values[0]?.value).toBe(1);
    await b.stop();
  });

  it('takes over within the lease when the leader dies without releasing', async () => {
    const key = `grimnir:test:leader:${randomUUID()}`;
    const dying = client();
    const a = startRedisLeadership({ redis: dying, key, leaseMs: 600 });
    await waitFor(() => a.isLeader());
    const b = startRedisLeadership({ redis: client(), key, leaseMs: 600 });
    // Simulate a crash: the leader's connection vanishes and it never renews or releases.
    dying.disconnect();
    const started = Date.now();
    await waitFor(() => b.isLeader(), 3000);
    expect(Date.now() - started).toBeLessThan(2000);
    // The crashed replica stepped down once its lease ran out: never two leaders.
    await waitFor(() => !a.isLeader(), 2000);
    await a.stop();
    await b.stop();
  });
});
