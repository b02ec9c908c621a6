import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
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

  it('keeps tokens growing when Redis loses its data (restart without persistence)', async () => {
    const key = `grimnir:test:leader:${randomUUID()}`;
    const a = startRedisLeadership({ redis: client(), key, leaseMs: 600 });
    await waitFor(() => a.isLeader());
    const before = a.token() ?? Number.NaN;
    await a.stop();
    // What a Redis restarted empty looks like to this key space (the shared test Redis is never
    // flushed): the lease and the token counter are gone.
    await client().del(key, `${key}:token`);
    const b = startRedisLeadership({ redis: client(), key, leaseMs: 600 });
    await waitFor(() => b.isLeader());
    // The database's fence still holds `before`: a smaller token would be refused for good.
    expect(b.token()).toBeGreaterThan(before);
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

  it('a killed leader (no release) is replaced within 5 s with the default lease, with a newer token', async () => {
    const key = `grimnir:test:leader:${randomUUID()}`;
    const dying = client();
    const a = startRedisLeadership({ redis: dying, key });
    await waitFor(() => a.isLeader());
    const b = startRedisLeadership({ redis: client(), key });
    await new Promise((r) => setTimeout(r, 1_200));
    expect(b.isLeader()).toBe(false);
    dying.disconnect();
    const killedAt = Date.now();
    await waitFor(() => b.isLeader(), 6_000);
    expect(Date.now() - killedAt).toBeLessThan(5_000);
    expect(b.token()).toBeGreaterThan(a.token() ?? Infinity);
    // The dead leader's own view expired no later than the new leader's election.
    expect(a.isLeader()).toBe(false);
    await a.stop();
    await b.stop();
  }, 10_000);

  it('does not flap while both cores are saturated', async () => {
    const key = `grimnir:test:leader:${randomUUID()}`;
    const a = startRedisLeadership({ redis: client(), key });
    await waitFor(() => a.isLeader());
    const b = startRedisLeadership({ redis: client(), key });
    const changes: string[] = [];
    a.onChange((v) => changes.push(`a:${String(v)}`));
    b.onChange((v) => changes.push(`b:${String(v)}`));
    // Two spinning threads take both cores; the main thread spins in 50 ms slices too, as a
    // busy request handler would.
    const spin = 'const end = Date.now() + 6000; while (Date.now() < end) {}';
    const workers = [0, 1].map(() => new Worker(spin, { eval: true }));
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const end = Date.now() + 6_000;
    while (Date.now() < end) {
      const slice = Date.now() + 50;
      while (Date.now() < slice) {
        /* busy */
      }
      await new Promise((r) => setImmediate(r));
    }
    delay.disable();
    await Promise.all(workers.map((w) => w.terminate()));
    // The renewals ran despite the load: the loop was never held anywhere near the lease.
    expect(delay.max / 1e6).toBeLessThan(1_000);
    expect(changes).toEqual([]);
    expect([a.isLeader(), b.isLeader()]).toEqual([true, false]);
    await a.stop();
    await b.stop();
  }, 15_000);
});
