import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startRedisLeadership } from './redis-leadership.js';

/**
 * The lease scripts against an in-memory key with expiry, on the fake clock. `hang` makes
 * every call never answer (Redis stalled behind a partition).
 */
function fakeRedis() {
  const keys = new Map<string, { v: string; until: number }>();
  let token = 0;
  const r = {
    hang: false,
    calls: 0,
    holder: () => {
      const e = keys.get('k');
      return e && e.until > Date.now() ? e.v : undefined;
    },
    setHolder(v: string | undefined, ms = 4_000) {
      if (v === undefined) keys.delete('k');
      else keys.set('k', { v, until: Date.now() + ms });
    },
    eval(script: string, _n: number, k: string, _tk: string, id: string, ms?: string) {
      r.calls += 1;
      if (r.hang) return new Promise(() => undefined);
      const cur = r.holder();
      const set = () => keys.set(k, { v: id, until: Date.now() + Number(ms) });
      if (script.includes("'del'")) {
        if (cur === id) keys.delete(k);
        return Promise.resolve(cur === id ? 1 : 0);
      }
      if (script.includes("'pexpire'")) {
        if (cur === id) {
          set();
          return Promise.resolve(-1);
        }
        if (cur === undefined) {
          set();
          return Promise.resolve((token += 1));
        }
        return Promise.resolve(0);
      }
      if (cur !== undefined) return Promise.resolve(0);
      set();
      return Promise.resolve((token += 1));
    },
  };
  return r;
}

describe('Redis leadership on a fake clock', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const start = (redis: ReturnType<typeof fakeRedis>) =>
    startRedisLeadership({
      redis: redis as unknown as Redis,
      key: 'k',
      leaseMs: 4_000,
      now: () => Date.now(),
    });

  it('acquires with a token and renews once a second', async () => {
    const redis = fakeRedis();
    const l = start(redis);
    await vi.advanceTimersByTimeAsync(10);
    expect([l.isLeader(), l.token()]).toEqual([true, 1]);
    const before = redis.calls;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(redis.calls - before).toBe(5);
    expect([l.isLeader(), l.token()]).toEqual([true, 1]);
    await l.stop();
    expect(redis.holder()).toBeUndefined();
  });

  it('steps down by itself when renewals stop being answered, at the end of the lease', async () => {
    const redis = fakeRedis();
    const l = start(redis);
    const changes: boolean[] = [];
    l.onChange((v) => changes.push(v));
    await vi.advanceTimersByTimeAsync(10);
    redis.hang = true;
    // Last answered renewal was sent at t=0: the lease runs to 4 000 ms, and not a bit longer.
    await vi.advanceTimersByTimeAsync(3_900);
    expect(l.isLeader()).toBe(true);
    await vi.advanceTimersByTimeAsync(200);
    expect(l.isLeader()).toBe(false);
    expect(changes).toEqual([true, false]);
    await l.stop();
  });

  it('a late renewal that finds the key expired and free re-acquires without flapping', async () => {
    const redis = fakeRedis();
    const l = start(redis);
    const changes: boolean[] = [];
    l.onChange((v) => changes.push(v));
    await vi.advanceTimersByTimeAsync(10);
    redis.setHolder(undefined);
    await vi.advanceTimersByTimeAsync(1_000);
    expect([l.isLeader(), l.token(), changes]).toEqual([true, 2, [true]]);
    await l.stop();
  });

  it('a follower takes over within one poll after the holder’s lease runs out', async () => {
    const redis = fakeRedis();
    redis.setHolder('dead-leader', 4_000);
    const l = start(redis);
    await vi.advanceTimersByTimeAsync(3_900);
    expect(l.isLeader()).toBe(false);
    await vi.advanceTimersByTimeAsync(1_100);
    expect(l.isLeader()).toBe(true);
    await l.stop();
  });

  it('loses at once when another replica holds the key at renewal', async () => {
    const redis = fakeRedis();
    const l = start(redis);
    await vi.advanceTimersByTimeAsync(10);
    redis.setHolder('usurper');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(l.isLeader()).toBe(false);
    await l.stop();
  });
});
