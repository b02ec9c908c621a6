import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import type { Leadership } from './leadership.js';
import {
  initialLease,
  leaderAt,
  nextLease,
  type LeaseEvent,
  type LeaseState,
} from './leader-lease.js';
import type { Metrics } from './metrics.js';

// Every acquisition draws a new fencing token from KEYS[2] in the same atomic step, so no two
// terms share a token and a later term always has a larger one. The token is at least Redis's
// clock in ms: a Redis that lost its data (restarted without persistence, failed over to an
// empty replica) would otherwise count from 1 again, below the tokens the database's fence
// (fencing.ts) already holds, and every write of every later leader would be refused for good.
// The soak bench found exactly that after a Redis loss: the new leader could write nothing and
// now-playing stayed on one track for the rest of the run.
const DRAW_TOKEN = `local t = redis.call('incr', KEYS[2])
local now = redis.call('time')
local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
if t < ms then redis.call('set', KEYS[2], ms) t = ms end
return t`;
const ACQUIRE = `if redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then
${DRAW_TOKEN}
end
return 0`;
// Renew only while the lease is ours: a replica that stalled past its lease must not extend
// the new leader's key. A renewal that arrives late, after the key expired but before anyone
// else took it, re-acquires (with a new token) instead of dropping leadership: a saturated
// machine then keeps its leader instead of flapping.
const RENEW = `local v = redis.call('get', KEYS[1])
if v == ARGV[1] then redis.call('pexpire', KEYS[1], ARGV[2]) return -1 end
if not v then
redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
${DRAW_TOKEN}
end
return 0`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** 4 s lease renewed every second: a dead leader is replaced within 5 s (lease + one poll). */
const DEFAULT_LEASE_MS = 4_000;

interface RedisLeadershipOptions {
  /** Best a connection of its own, so renewals never queue behind other traffic. */
  redis: Redis;
  key?: string;
  leaseMs?: number;
  /** Renew (leader) and poll (followers) period; a quarter of the lease by default. */
  renewMs?: number;
  metrics?: Pick<Metrics, 'leaderChanges' | 'isLeader'>;
  log?: FastifyBaseLogger;
  /** Monotonic ms (tests drive it). */
  now?: () => number;
}

export type RedisLeadership = Leadership & { readonly id: string; readonly key: string };

/**
 * One replica holds the lease key (SET NX PX) and renews it every `renewMs`; the others try at
 * the same pace. The leader also steps down on its own once its last renewal is older than the
 * lease, even if Redis never answers, so two replicas never both believe they lead; whatever a
 * stale leader still writes carries an old fencing token and is refused (fencing.ts).
 */
export function startRedisLeadership(o: RedisLeadershipOptions): RedisLeadership {
  const id = randomUUID();
  const key = o.key ?? 'grimnir:leader';
  const tokenKey = `${key}:token`;
  const leaseMs = o.leaseMs ?? DEFAULT_LEASE_MS;
  const renewMs = o.renewMs ?? Math.max(50, Math.floor(leaseMs / 4));
  const now = o.now ?? (() => performance.now());
  const listeners = new Set<(leader: boolean) => void>();
  let state: LeaseState = initialLease;
  let stopped = false;
  let inFlight = false;
  let expiry: NodeJS.Timeout | undefined;

  const apply = (e: LeaseEvent) => {
    const was = state.leader;
    state = nextLease(state, e);
    if (state.leader) armExpiry();
    if (state.leader === was) return;
    o.metrics?.leaderChanges.inc();
    o.metrics?.isLeader.set(state.leader ? 1 : 0);
    o.log?.info(
      { leader: state.leader, instance: id, token: state.token },
      state.leader
        ? 'became leader: the scheduler runs here'
        : 'lost leadership: scheduler stopped here',
    );
    for (const l of listeners) l(state.leader);
  };

  // Fires when the last renewal runs out, so a leader whose renewals hang steps down on time.
  function armExpiry(): void {
    clearTimeout(expiry);
    expiry = setTimeout(() => apply({ kind: 'tick', at: now() }), state.validUntil - now() + 1);
    expiry.unref();
  }

  const call = (script: string, ...args: string[]): Promise<unknown> =>
    new Promise((resolve, reject) => {
      // A hung request must not hold the next renewal back beyond the lease.
      const t = setTimeout(() => reject(new Error('leader lease: redis timed out')), leaseMs);
      t.unref();
      o.redis.eval(script, 2, key, tokenKey, id, ...args).then(
        (v) => {
          clearTimeout(t);
          resolve(v);
        },
        (err: unknown) => {
          clearTimeout(t);
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });

  // Said once per outage, not once per renewal attempt (every second).
  let unavailableSince: number | undefined;
  async function tick(): Promise<void> {
    const at = now();
    try {
      const r = Number(await call(state.leader ? RENEW : ACQUIRE, String(leaseMs)));
      if (stopped) return;
      if (unavailableSince !== undefined) {
        o.log?.info(
          { down_seconds: (now() - unavailableSince) / 1000, leader: r > 0 || r === -1 },
          'leader election: redis reachable again',
        );
        unavailableSince = undefined;
      }
      if (r === -1) apply({ kind: 'renewed', at, leaseMs });
      else if (r > 0) apply({ kind: 'acquired', at, leaseMs, token: r });
      else if (state.leader) apply({ kind: 'lost', at });
    } catch (err) {
      if (unavailableSince === undefined) {
        unavailableSince = at;
        o.log?.warn(
          { err, leader: state.leader },
          'leader election: redis unavailable, no replica can lead until it is back',
        );
      }
      apply({ kind: 'error', at: now() });
    }
  }

  // Fixed-rate and unref'd: the next attempt is due `renewMs` after the last was due, not after
  // it finished, so a slow answer or a busy loop does not push renewals further and further out.
  let next = now();
  let timer: NodeJS.Timeout | undefined;
  const loop = () => {
    if (stopped) return;
    if (!inFlight) {
      inFlight = true;
      void tick().finally(() => {
        inFlight = false;
      });
    }
    next = Math.max(next + renewMs, now());
    timer = setTimeout(loop, next - now());
    timer.unref();
  };
  loop();

  return {
    id,
    key,
    isLeader: () => leaderAt(state, now()),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    token: () => state.token,
    leaderless: () => unavailableSince !== undefined && !leaderAt(state, now()),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      clearTimeout(expiry);
      if (state.leader) {
        // Hand over at once instead of making the next leader wait out the lease.
        await o.redis.eval(RELEASE, 2, key, tokenKey, id).catch(() => undefined);
        apply({ kind: 'lost', at: now() });
      }
    },
  };
}
