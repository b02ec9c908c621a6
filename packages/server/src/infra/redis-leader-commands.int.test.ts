import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { LeaderCommand } from './leader-commands.js';
import { createRedisLeaderCommands } from './redis-leader-commands.js';
import { startRedisLeadership, type RedisLeadership } from './redis-leadership.js';

const url = process.env.GRIMNIR_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const log = pino({ level: 'silent' });
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});
const client = () => {
  const c = new Redis(url, { maxRetriesPerRequest: 1 });
  cleanups.push(() => c.quit().catch(() => c.disconnect()));
  return c;
};
const waitFor = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** One replica: its lease, its commands, and the commands its handler ran. */
async function replica(
  prefix: string,
  leadership: Pick<RedisLeadership, 'id' | 'key' | 'isLeader'>,
  redis = client(),
  opts: { timeoutMs?: number; handler?: (cmd: LeaderCommand) => Promise<void> } = {},
) {
  const commands = await createRedisLeaderCommands({
    redis,
    prefix,
    leadership,
    log,
    timeoutMs: opts.timeoutMs ?? 3_000,
  });
  cleanups.push(() => commands.close());
  const ran: LeaderCommand[] = [];
  commands.handle('playout.skip', async (cmd) => {
    ran.push(cmd);
    await opts.handler?.(cmd);
    return cmd.stationId === 'broken'
      ? { status: 'failed', code: 'engine_unavailable', message: 'no ack' }
      : { status: 'done' };
  });
  return { commands, ran };
}

/** A leadership whose lease key the test sets by hand. */
function manual(key: string, leader = false) {
  const l = { id: randomUUID(), key, leader, isLeader: () => l.leader };
  return l;
}

describe('leader commands over Redis', () => {
  it('a follower’s command runs once, on the leader, and the follower gets its result', async () => {
    const prefix = `grimnir:test:${randomUUID()}:`;
    const key = `${prefix}leader`;
    const la = startRedisLeadership({ redis: client(), key, leaseMs: 600 });
    cleanups.push(() => la.stop());
    await waitFor(() => la.isLeader());
    const lb = startRedisLeadership({ redis: client(), key, leaseMs: 600 });
    cleanups.push(() => lb.stop());
    const a = await replica(prefix, la);
    const b = await replica(prefix, lb);
    const started = Date.now();
    expect(await b.commands.send({ type: 'playout.skip', stationId: 's1' })).toEqual({
      status: 'done',
    });
    expect(Date.now() - started).toBeLessThan(200);
    expect(await b.commands.send({ type: 'playout.skip', stationId: 'broken' })).toEqual({
      status: 'failed',
      code: 'engine_unavailable',
      message: 'no ack',
    });
    // A command type the leader has no handler for.
    expect(await b.commands.send({ type: 'director.reconcile' })).toEqual({
      status: 'not_running',
    });
    // On the leader itself the command runs in place.
    expect(await a.commands.send({ type: 'playout.skip', stationId: 's2' })).toEqual({
      status: 'done',
    });
    expect(a.ran.map((c) => 'stationId' in c && c.stationId)).toEqual(['s1', 'broken', 's2']);
    expect(b.ran).toEqual([]);
  });

  it('a replica that lost the lease refuses; the command reaches the new leader', async () => {
    const prefix = `grimnir:test:${randomUUID()}:`;
    const key = `${prefix}leader`;
    const redis = client();
    const la = manual(key);
    const lc = manual(key);
    const a = await replica(prefix, la);
    const b = await replica(prefix, manual(key));
    const c = await replica(prefix, lc);
    // The key still names A, but A already knows its term is over.
    await redis.set(key, la.id);
    const sent = b.commands.send({ type: 'playout.skip', stationId: 's1' });
    await new Promise((r) => setTimeout(r, 300));
    // C takes the lease mid-flight.
    lc.leader = true;
    await redis.set(key, lc.id);
    expect(await sent).toEqual({ status: 'done' });
    expect([a.ran.length, c.ran.length]).toEqual([0, 1]);
  });

  it('reaches the next leader when the leader is killed (no release) before the command', async () => {
    const prefix = `grimnir:test:${randomUUID()}:`;
    const key = `${prefix}leader`;
    const dying = client();
    const la = startRedisLeadership({ redis: dying, key, leaseMs: 600 });
    cleanups.push(() => la.stop());
    await waitFor(() => la.isLeader());
    const lb = startRedisLeadership({ redis: client(), key, leaseMs: 600 });
    cleanups.push(() => lb.stop());
    const a = await replica(prefix, la, dying);
    const follower = await replica(prefix, manual(key));
    const b = await replica(prefix, lb);
    // The kill: A's connections vanish, its lease key stays until it expires.
    dying.disconnect();
    await a.commands.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(await follower.commands.send({ type: 'playout.skip', stationId: 's1' })).toEqual({
      status: 'done',
    });
    expect([a.ran.length, b.ran.length]).toEqual([0, 1]);
  });

  it('answers accepted when no leader exists or the leader does not answer in time', async () => {
    const prefix = `grimnir:test:${randomUUID()}:`;
    const key = `${prefix}leader`;
    const lone = await replica(prefix, manual(key), client(), { timeoutMs: 300 });
    const started = Date.now();
    expect(await lone.commands.send({ type: 'playout.skip', stationId: 's1' })).toEqual({
      status: 'accepted',
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    const ls = manual(key, true);
    const slow = await replica(prefix, ls, client(), {
      handler: () => new Promise((r) => setTimeout(r, 1_000)),
    });
    await client().set(key, ls.id);
    expect(await lone.commands.send({ type: 'playout.skip', stationId: 's1' })).toEqual({
      status: 'accepted',
    });
    // It reached the leader exactly once: an unanswered request is not sent again.
    expect(slow.ran.length).toBe(1);
  });

  it('drops malformed and oversized requests without running anything', async () => {
    const prefix = `grimnir:test:${randomUUID()}:`;
    const key = `${prefix}leader`;
    const ll = manual(key, true);
    const leader = await replica(prefix, ll);
    const redis = client();
    const channel = `${prefix}leader-cmd:${ll.id}`;
    const replyTo = randomUUID();
    await redis.publish(channel, 'not json');
    await redis.publish(
      channel,
      JSON.stringify({ id: randomUUID(), replyTo, command: { type: 'rm -rf' } }),
    );
    await redis.publish(
      channel,
      JSON.stringify({
        id: randomUUID(),
        replyTo,
        command: { type: 'playout.skip', stationId: 's' },
        pad: 'x'.repeat(5_000),
      }),
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(leader.ran).toEqual([]);
    await redis.publish(
      channel,
      JSON.stringify({
        id: randomUUID(),
        replyTo,
        command: { type: 'playout.skip', stationId: 's' },
      }),
    );
    await waitFor(() => leader.ran.length === 1, 2_000);
  });
});
