import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import type { Leadership } from './leadership.js';
import { initialLease, nextLease, type LeaseEvent, type LeaseState } from './leader-lease.js';
import type { Metrics } from './metrics.js';

// Renew and release only if the lease is still ours: a replica that stalled past its lease
// must not extend or delete the new leader's key.
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface RedisLeadershipOptions {
  redis: Redis;
  key?: string;
  leaseMs?: number;
  metrics?: Pick<Metrics, 'leaderChanges' | 'isLeader'>;
  log?: FastifyBaseLogger;
  now?: () => number;
}

/**
 * One replica holds `grimnir:leader` (SET NX PX) and renews it every third of the lease; the
 * others retry at the same pace, so a dead leader is replaced within one lease time.
 */
export function startRedisLeadership(
  o: RedisLeadershipOptions,
): Leadership & { readonly id: string } {
  const id = randomUUID();
  const key = o.key ?? 'grimnir:leader';
  const leaseMs = o.leaseMs ?? 15_000;
  const now = o.now ?? (() => performance.now());
  const listeners = new Set<(leader: boolean) => void>();
  let state: LeaseState = initialLease;
  let stopped = false;

  const apply = (e: LeaseEvent) => {
    const was = state.leader;
    state = nextLease(state, e);
    if (state.leader !== was) {
      o.metrics?.leaderChanges.inc();
      o.metrics?.isLeader.set(state.leader ? 1 : 0);
      o.log?.info(
        { leader: state.leader, instance: id },
        state.leader
          ? 'became leader: the scheduler runs here'
          : 'lost leadership: scheduler stopped here',
      );
      for (const l of listeners) l(state.leader);
    }
  };

  async function tick(): Promise<void> {
    const at = now();
    try {
      if (state.leader) {
        const ok = await o.redis.eval(RENEW, 1, key, id, String(leaseMs));
        apply(ok === 1 ? { kind: 'renewed', at, leaseMs } : { kind: 'lost', at });
      } else {
        const ok = await o.redis.set(key, id, 'PX', leaseMs, 'NX');
        if (ok === 'OK') apply({ kind: 'acquired', at, leaseMs });
      }
    } catch (err) {
      o.log?.warn({ err }, 'leader election: redis unavailable');
      apply({ kind: 'error', at: now() });
    }
  }

  let timer: NodeJS.Timeout | undefined;
  const loop = () => {
    void tick().finally(() => {
      if (!stopped) timer = setTimeout(loop, Math.max(100, Math.floor(leaseMs / 3)));
    });
  };
  loop();

  return {
    id,
    isLeader: () => state.leader,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      if (state.leader) {
        // Hand over at once instead of making the next leader wait out the lease.
        await o.redis.eval(RELEASE, 1, key, id).catch(() => undefined);
        apply({ kind: 'lost', at: now() });
      }
    },
  };
}
